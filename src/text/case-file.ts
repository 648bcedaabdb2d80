/**
 * eBPF assembly with a header of load parameters: the verifier golden case files
 * (`test/golden/verifier/cases/<group>/<name>.s`, see test/golden/verifier/README.md) and the web
 * playground's eBPF editor. A header of `; key: value` directives (program type, maps, license, …),
 * then one program in the C-like syntax of `src/text/llvm-asm.ts`, where `rN = map[NAME] ll` and
 * `rN = map_value[NAME + OFF] ll` load a map by its name among the `; map:` lines and `.insn CODE,
 * DST, SRC, OFF, IMM` writes one raw slot.
 *
 * Moved here from scripts/verifier-golden/case-file.ts (which re-exports it) so that code without
 * Node (the playground's worker) reads the same format.
 */
import { TsbpfError } from '../errors.js';
import type { Insn } from '../isa/insn.js';
import { MAP_TYPE, type MapTypeName } from '../maps/types.js';
import { assembleLlvm } from './llvm-asm.js';

/** BPF_PROG_TYPE_* numbers by libbpf's name. */
export const PROG_TYPE = {
  socket_filter: 1, kprobe: 2, sched_cls: 3, sched_act: 4, tracepoint: 5, xdp: 6, perf_event: 7,
  cgroup_skb: 8, cgroup_sock: 9, lwt_in: 10, lwt_out: 11, lwt_xmit: 12, sock_ops: 13, sk_skb: 14,
  cgroup_device: 15, sk_msg: 16, raw_tracepoint: 17, cgroup_sock_addr: 18, lwt_seg6local: 19,
  lirc_mode2: 20, sk_reuseport: 21, flow_dissector: 22, cgroup_sysctl: 23, raw_tracepoint_writable: 24,
  cgroup_sockopt: 25, tracing: 26, struct_ops: 27, ext: 28, lsm: 29, sk_lookup: 30, syscall: 31, netfilter: 32,
} as const;
export type ProgTypeName = keyof typeof PROG_TYPE;

export interface CaseMap {
  name: string;
  /** BPF_MAP_TYPE_* number (the loader's `MapDef.type`). */
  type: number;
  typeName: MapTypeName;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  /** BTF layout of the value: `spin_lock` is `struct { struct bpf_spin_lock lock; int data; }`. */
  btf?: 'spin_lock';
}

export interface VerifierCase {
  desc: string;
  type: ProgTypeName;
  attachType: number;
  progFlags: number;
  license: string;
  maps: CaseMap[];
  /** Log levels to record (default 1 and 2). */
  logLevels: (1 | 2)[];
  /** Log buffer size for the recorded levels. */
  logSize: number;
  /** Also record level 1 with a buffer of this many bytes (a truncated log, ENOSPC). */
  truncate?: number;
  /** Give the program BTF func_info (static `int fN(void)` per subprogram), as callbacks need. */
  funcInfo: boolean;
  /** attach_btf_id: a vmlinux type by kind and name (`tracing`, `struct_ops` programs). */
  attachBtf?: { kind: 'struct' | 'typedef' | 'func'; name: string };
  insns: Insn[];
}

/** The header alone: `desc` and `type` may be missing (the playground does not require them). */
export type CaseHeader = Omit<VerifierCase, 'desc' | 'type' | 'insns'> & { desc?: string; type?: ProgTypeName };

export const DEFAULT_LOG_SIZE = 16 << 20;

/** A bad header or map reference, at a 1-based line of the file (0 when the whole file is meant). */
export class CaseError extends TsbpfError {
  override readonly name = 'CaseError';
  readonly file: string;
  readonly line: number;
  constructor(detail: string, file: string, line = 0) {
    super(detail, line > 0 ? `${file}:${line}` : file);
    this.file = file;
    this.line = line;
  }
}

/**
 * Map references in the program text. `rN = map[name] ll` becomes `ld_pseudo rN, 1, INDEX`
 * (BPF_PSEUDO_MAP_FD), `rN = map_value[name + OFF] ll` becomes `ld_pseudo rN, 2, OFF << 32 | INDEX`
 * (BPF_PSEUDO_MAP_VALUE); INDEX is the map's position among the `; map:` lines, which the loader
 * replaces by the map's fd.
 */
export function expandMapRefs(source: string, maps: readonly CaseMap[], file: string): string {
  const index = (name: string, line: number): number => {
    const i = maps.findIndex((m) => m.name === name);
    if (i < 0) throw new CaseError(`no '; map: ${name} …' line`, file, line);
    return i;
  };
  return source.split('\n').map((text, n) => text
    .replace(/\b([rw]\d+)\s*=\s*map\[(\w+)\](?:\s*ll)?/g, (_, reg: string, name: string) => `ld_pseudo ${reg}, 1, ${index(name, n + 1)}`)
    .replace(/\b([rw]\d+)\s*=\s*map_value\[(\w+)\s*(?:\+\s*(\d+))?\](?:\s*ll)?/g, (_, reg: string, name: string, off?: string) =>
      `ld_pseudo ${reg}, 2, ${(BigInt(off ?? 0) << 32n) | BigInt(index(name, n + 1))}`))
    .join('\n');
}

function parseMap(value: string, file: string, line: number): CaseMap {
  const [name, typeName, ...rest] = value.trim().split(/\s+/);
  const nums = rest.filter((w) => /^(0x[0-9a-f]+|\d+)$/i.test(w)).map(Number);
  const words = rest.filter((w) => !/^(0x[0-9a-f]+|\d+)$/i.test(w));
  if (!name || !typeName || !(typeName in MAP_TYPE) || nums.length < 3 || nums.length > 4) {
    throw new CaseError(`expected '; map: NAME TYPE KEY_SIZE VALUE_SIZE MAX_ENTRIES [FLAGS] [spin_lock]'`, file, line);
  }
  const map: CaseMap = {
    name, type: MAP_TYPE[typeName as MapTypeName], typeName: typeName as MapTypeName,
    keySize: nums[0]!, valueSize: nums[1]!, maxEntries: nums[2]!, flags: nums[3] ?? 0,
  };
  for (const w of words) {
    if (w !== 'spin_lock') throw new CaseError(`unknown map attribute '${w}'`, file, line);
    map.btf = 'spin_lock';
  }
  return map;
}

/** Reads the header of `; key: value` directives (everything before the first instruction). */
export function parseCaseHeader(source: string, file: string): CaseHeader {
  const c: CaseHeader = { maps: [], attachType: 0, progFlags: 0, license: 'GPL', logLevels: [1, 2], logSize: DEFAULT_LOG_SIZE, funcInfo: false };
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const m = /^;\s*([a-z_]+):\s*(.*?)\s*$/.exec(lines[n]!);
    if (!m) {
      if (/^\s*(;.*)?$/.test(lines[n]!)) continue;
      const late = lines.slice(n).findIndex((l) => /^;\s*[a-z_]+:/.test(l));
      if (late >= 0) throw new CaseError('directives belong in the header, before the program', file, n + late + 1);
      break;
    }
    const [, key, value] = m as unknown as [string, string, string];
    const line = n + 1;
    switch (key) {
      case 'desc': c.desc = value; break;
      case 'type':
        if (!(value in PROG_TYPE)) throw new CaseError(`unknown program type '${value}'`, file, line);
        c.type = value as ProgTypeName; break;
      case 'map': c.maps.push(parseMap(value, file, line)); break;
      case 'license': c.license = value; break;
      case 'attach_type': c.attachType = Number(value); break;
      case 'prog_flags': c.progFlags = Number(value); break;
      case 'log_level': c.logLevels = value.split(/[\s,]+/).map(Number) as (1 | 2)[]; break;
      case 'log_size': c.logSize = Number(value); break;
      case 'truncate': c.truncate = Number(value); break;
      case 'func_info':
        if (value !== 'yes' && value !== 'no') throw new CaseError(`expected '; func_info: yes|no'`, file, line);
        c.funcInfo = value === 'yes'; break;
      case 'attach_btf': {
        const [kind, name] = value.split(/\s+/);
        if ((kind !== 'struct' && kind !== 'typedef' && kind !== 'func') || !name) throw new CaseError(`expected '; attach_btf: struct|typedef|func NAME'`, file, line);
        c.attachBtf = { kind, name };
        break;
      }
      default: throw new CaseError(`unknown directive '${key}'`, file, line);
    }
  }
  return c;
}

/** Reads a case file's header and assembles its program; `desc` and `type` are required. */
export function parseCase(source: string, file: string): VerifierCase {
  const c = parseCaseHeader(source, file);
  if (!c.desc) throw new CaseError(`missing '; desc: …'`, file);
  if (!c.type) throw new CaseError(`missing '; type: …'`, file);
  return { ...c, desc: c.desc, type: c.type, insns: assembleCase(source, c.maps, file) };
}

/**
 * `.insn CODE, DST, SRC, OFF, IMM` writes one raw slot: encodings the assembler refuses (unknown
 * opcodes, nonzero reserved fields). It is assembled as a one-slot placeholder, so labels and
 * offsets around it stay right, and then replaced.
 */
const RAW = /^(\s*(?:[A-Za-z_.$][\w.$]*:\s*)*)\.insn\s+(.*)$/;

/** Assembles the program of a case file (map references and `.insn` lines expanded). */
export function assembleCase(source: string, maps: readonly CaseMap[], file: string): Insn[] {
  const raw = new Map<number, Insn>();
  const lines = expandMapRefs(source, maps, file).split('\n').map((text, n) => {
    const m = RAW.exec(text);
    if (!m) return text;
    const fields = m[2]!.replace(/[;#].*$/, '').split(',').map((f) => Number(f.trim()));
    if (fields.length !== 5 || fields.some((f) => !Number.isInteger(f))) throw new CaseError(`expected '.insn CODE, DST, SRC, OFF, IMM'`, file, n + 1);
    const [code, dst, src, off, imm] = fields as [number, number, number, number, number];
    raw.set(n, { code, dst, src, off, imm: imm | 0 });
    return `${m[1]}r0 = 0 ; .insn placeholder ${n}`;
  });
  const insns = assembleLlvm(lines.join('\n'), file);
  if (raw.size === 0) return insns;
  // Case files hold one instruction per non-empty line, so the i-th instruction comes from the
  // i-th line that holds a statement.
  const statementLines = lines.map((text, n) => ({ text, n })).filter(({ text }) => statementOnLine(text));
  if (statementLines.length !== insns.length) throw new CaseError(`'.insn' needs one instruction per line`, file);
  return insns.map((insn, i) => raw.get(statementLines[i]!.n) ?? insn);
}

/** Whether a line (after map expansion) holds an instruction rather than only labels or comments. */
export function statementOnLine(text: string): boolean {
  const code = text.replace(/(;|\/\/|(^|\s)#).*$/, '').replace(/^\s*([A-Za-z_.$][\w.$]*\s*:\s*)*/, '');
  return code.trim() !== '';
}

/**
 * Subprogram starts (slot indexes): 0, every local call target and every LD_IMM64 function
 * pointer (src 4) target — where func_info records go.
 */
export function subprogramStarts(insns: readonly Insn[]): number[] {
  const starts = new Set([0]);
  let pc = 0;
  for (const i of insns) {
    if (i.code === 0x85 && i.src === 1) starts.add(pc + i.imm + 1);
    if (i.code === 0x18 && i.src === 4) starts.add(pc + i.imm + 1);
    pc += i.hi === undefined ? 1 : 2;
  }
  return [...starts].sort((a, b) => a - b);
}
