/**
 * Classic BPF printers and readers.
 *
 * Printers: tcpdump 4.99 / libpcap 1.10 `-d` (libpcap's `bpf_image`), `-dd` and `-ddd`; the kernel's
 * bpf_dbg disassembly; and bpf_asm source that reassembles to the same instructions. All are driven
 * by the classic opcode table (`CLASSIC_FORMS`); only the spelling of operands differs per tool.
 *
 * Readers: bpf_asm source, bpf_asm/bpf_dbg `N,code jt jf k,…`, tcpdump `-ddd`, C initializer arrays
 * (`-dd`, `bpf_asm -c`, bpf_dbg `dump`), tcpdump `-d` listings, and raw `struct sock_filter` bytes.
 * Raw bytes are read little-endian (the host order of every machine tsbpf targets):
 * u16 code, u8 jt, u8 jf, u32 k per 8-byte record.
 */
import { AsmError, DecodeError } from '../errors.js';
import {
  ancillaryName, BPF_MAXINSNS, CLASSIC_FORMS, type ClassicForm, classicFormOf, SKF_AD_MAX, SKF_AD_OFF, type SockFilter,
} from '../isa/classic.js';
import { assembleBpfAsm } from './bpf-asm.js';

const u32 = (v: number): number => v >>> 0;
const s32 = (v: number): number => v | 0;
const hex = (v: number): string => u32(v).toString(16);

// --- tcpdump -d / -dd / -ddd ------------------------------------------------------------------------

/** libpcap's names for the Linux ancillary offsets in `[…]` operands. */
const LIBPCAP_AD_NAMES: Readonly<Record<number, string>> = {
  0: 'proto', 4: 'type', 8: 'ifidx', 12: 'nla', 16: 'nlan', 20: 'mark', 24: 'queue', 28: 'hatype',
  32: 'rxhash', 36: 'cpu', 40: 'xor_x', 44: 'vlan_tci', 48: 'vlanp', 52: 'poff', 56: 'random', 60: 'vlan_tpid',
};

/** Constants tcpdump prints in hex (`#0x%x`); the other K operands are signed decimal. */
const TCPDUMP_HEX_K = new Set(['and', 'or', 'xor', 'jeq', 'jgt', 'jge', 'jset']);

function tcpdumpOperand(f: ClassicForm, i: SockFilter, n: number): string {
  switch (f.operand) {
    case 'abs': {
      const off = u32(i.k) - u32(SKF_AD_OFF);
      const sym = off >= 0 && off < SKF_AD_MAX ? LIBPCAP_AD_NAMES[off] : undefined;
      return sym !== undefined ? `[${sym}]` : `[${s32(i.k)}]`;
    }
    case 'ind': return `[x + ${s32(i.k)}]`;
    case 'imm': return `#0x${hex(i.k)}`;
    case 'mem': return `M[${s32(i.k)}]`;
    case 'len': return '#pktlen';
    case 'msh': return `4*([${s32(i.k)}]&0xf)`;
    case 'k': return TCPDUMP_HEX_K.has(f.op) ? `#0x${hex(i.k)}` : `#${s32(i.k)}`;
    case 'x': return 'x';
    case 'a': case 'none': return '';
    case 'jump': return String(s32(n + 1 + i.k));
  }
}

/** One line of `tcpdump -d` (libpcap 1.10 `bpf_image`), e.g. `(001) jeq      #0x800           jt 2\tjf 5`. */
export function formatTcpdumpLine(i: SockFilter, n: number): string {
  const f = classicFormOf(i.code);
  // bpf_image knows exactly the forms Linux accepts: RET X and seccomp's LDX|W|ABS print as unimp.
  const known = f !== undefined && f.linux;
  const op = known ? f.name : 'unimp';
  const operand = known ? tcpdumpOperand(f, i, n) : `0x${hex(i.code)}`;
  const pc = String(n).padStart(3, '0');
  if ((i.code & 0x07) === 0x05 && (i.code & 0xf0) !== 0x00) {
    return `(${pc}) ${op.padEnd(8)} ${operand.padEnd(16)} jt ${n + 1 + i.jt}\tjf ${n + 1 + i.jf}`;
  }
  return `(${pc}) ${op.padEnd(8)} ${operand}`;
}

/** `tcpdump -d`. */
export function formatTcpdump(prog: readonly SockFilter[]): string {
  return prog.map((i, n) => formatTcpdumpLine(i, n) + '\n').join('');
}

/** `tcpdump -dd`: `{ 0x%x, %d, %d, 0x%08x },`. */
export function formatTcpdumpDd(prog: readonly SockFilter[]): string {
  return prog.map((i) => `{ 0x${hex(i.code)}, ${i.jt}, ${i.jf}, 0x${hex(i.k).padStart(8, '0')} },\n`).join('');
}

/** `tcpdump -ddd`: the count, then `code jt jf k` per line in decimal. */
export function formatTcpdumpDdd(prog: readonly SockFilter[]): string {
  return `${prog.length}\n` + prog.map((i) => `${i.code} ${i.jt} ${i.jf} ${u32(i.k)}\n`).join('');
}

// --- bpf_dbg ----------------------------------------------------------------------------------------

/** glibc `%#x`: no prefix for zero. */
const altHex = (v: number): string => (u32(v) === 0 ? '0' : '0x' + hex(v));

/** bpf_dbg's formats per operand; it prints ALU shifts and arithmetic in decimal, logic in hex. */
const DBG_DECIMAL_K = new Set(['lsh', 'rsh', 'add', 'sub', 'mul', 'div', 'mod']);

/** One line of bpf_dbg's disassembly (without the newline): `l%d:\t<op> <operand>[, lT, lF]`. */
export function formatBpfDbgLine(i: SockFilter, n: number): string {
  const f = classicFormOf(i.code);
  let op: string;
  let operand: string;
  if (f === undefined || f.kind === 'ldxabs' || (f.kind === 'ldx' && f.operand === 'len')) {
    op = 'nosup';
    operand = altHex(i.code);
  } else {
    op = f.name;
    switch (f.operand) {
      case 'abs': operand = `[${s32(i.k)}]`; break;
      case 'ind': operand = `[x+${s32(i.k)}]`; break;
      case 'imm': operand = `#${altHex(i.k)}`; break;
      case 'mem': operand = `M[${s32(i.k)}]`; break;
      case 'len': operand = '#len'; break;
      case 'msh': operand = `4*([${s32(i.k)}]&0xf)`; break;
      case 'k': operand = f.kind === 'ret' || !DBG_DECIMAL_K.has(f.op) ? `#${altHex(i.k)}` : `#${s32(i.k)}`; break;
      case 'x': operand = 'x'; break;
      case 'a': operand = 'a'; break;
      case 'none': operand = ''; break;
      case 'jump': operand = String(s32(n + 1 + i.k)); break;
    }
  }
  if ((i.code & 0x07) === 0x05 && (i.code & 0xf0) !== 0x00) {
    return `l${n}:\t${op} ${operand}, l${n + 1 + i.jt}, l${n + 1 + i.jf}`;
  }
  return `l${n}:\t${op} ${operand}`;
}

/** bpf_dbg's `disassemble` output for a whole program. */
export function formatBpfDbg(prog: readonly SockFilter[]): string {
  return prog.map((i, n) => formatBpfDbgLine(i, n) + '\n').join('');
}

// --- bpf_asm source ---------------------------------------------------------------------------------

/**
 * bpf_asm source that reassembles to exactly `prog`. Jump targets get labels `lN`; ancillary loads
 * use bpf_asm's `#name` where one exists and a plain offset otherwise. Throws DecodeError for what
 * bpf_asm cannot express (unknown opcodes, jumps past the end).
 */
export function formatBpfAsmSource(prog: readonly SockFilter[]): string {
  const targets = new Set<number>();
  const check = (n: number, to: number): number => {
    if (to < 0 || to >= prog.length) throw new DecodeError(`jump target ${to} is outside the program`, n);
    targets.add(to);
    return to;
  };
  const bodies = prog.map((i, n): string => {
    const f = classicFormOf(i.code);
    if (f === undefined || f.kind === 'ldxabs') {
      throw new DecodeError(`opcode 0x${hex(i.code)} has no bpf_asm spelling`, n);
    }
    const k = u32(i.k);
    switch (f.operand) {
      case 'abs': {
        const name = ancillaryName(k);
        return name !== undefined && name !== 'alu_xor_x' ? `${f.name} #${name}` : `${f.name} [${s32(k)}]`;
      }
      case 'ind': return `${f.name} [x + ${s32(k)}]`;
      case 'imm': return `${f.name} #0x${hex(k)}`;
      case 'mem': return `${f.name} M[${k}]`;
      case 'len': return `${f.name} #len`;
      case 'msh': return `ldxb 4*([${s32(k)}]&0xf)`;
      case 'x': return f.kind === 'jcc' ? `${f.name} x, l${check(n, n + 1 + i.jt)}, l${check(n, n + 1 + i.jf)}` : `${f.name} x`;
      case 'a': return `${f.name} a`;
      case 'none': return f.name;
      case 'jump': return `ja l${check(n, n + 1 + s32(k))}`;
      case 'k': {
        const c = f.kind === 'jcc' || TCPDUMP_HEX_K.has(f.op) ? `#0x${hex(k)}` : `#${k}`;
        return f.kind === 'jcc' ? `${f.name} ${c}, l${check(n, n + 1 + i.jt)}, l${check(n, n + 1 + i.jf)}` : `${f.name} ${c}`;
      }
    }
  });
  return bodies.map((b, n) => (targets.has(n) ? `l${n}:` : '') + `\t${b}\n`).join('');
}

// --- Readers ----------------------------------------------------------------------------------------

export type ClassicFormat = 'raw' | 'bpf_asm' | 'bpf_asm-output' | 'ddd' | 'c-array' | 'tcpdump-d';

function lineCol(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}

function textError(detail: string, file: string, text: string, pos: number): AsmError {
  const { line, column } = lineCol(text, pos);
  return new AsmError(detail, file, line, column);
}

function checkFields(v: SockFilter, where: () => AsmError): SockFilter {
  if (v.code > 0xffff || v.jt > 0xff || v.jf > 0xff || v.k > 0xffffffff) throw where();
  return v;
}

function checkCount(n: number, where: () => AsmError): void {
  if (n < 1 || n > BPF_MAXINSNS) throw where();
}

/** bpf_asm's output / bpf_dbg's `load bpf` argument: `N,code jt jf k,code jt jf k,…`. */
export function parseBpfAsmOutput(text: string, file = '<input>'): SockFilter[] {
  const parts = text.split(',');
  const head = parts[0]!;
  if (!/^\s*\d+\s*$/.test(head)) throw textError('expected the instruction count followed by a comma', file, text, 0);
  const n = Number(head.trim());
  checkCount(n, () => textError(`instruction count ${n} is outside 1..${BPF_MAXINSNS}`, file, text, 0));
  const prog: SockFilter[] = [];
  let pos = head.length + 1;
  for (const part of parts.slice(1)) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(part);
    if (!m) {
      if (part.trim() !== '' || prog.length < n) {
        if (prog.length >= n) throw textError(`program exceeds its encoded length ${n}`, file, text, pos);
        throw textError(`expected 'code jt jf k' for instruction ${prog.length}`, file, text, pos);
      }
    } else {
      if (prog.length >= n) throw textError(`program exceeds its encoded length ${n}`, file, text, pos);
      const here = pos;
      prog.push(checkFields({ code: Number(m[1]), jt: Number(m[2]), jf: Number(m[3]), k: Number(m[4]) },
        () => textError(`field out of range in instruction ${prog.length}`, file, text, here)));
    }
    pos += part.length + 1;
  }
  if (prog.length !== n) throw textError(`expected ${n} instructions, found ${prog.length}`, file, text, text.length);
  return prog;
}

/** `tcpdump -ddd`: the count on the first line, then `code jt jf k` per line. */
export function parseTcpdumpDdd(text: string, file = '<input>'): SockFilter[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const head = lines[0]?.trim() ?? '';
  if (!/^\d+$/.test(head)) throw new AsmError('expected the instruction count', file, 1, 1);
  const n = Number(head);
  checkCount(n, () => new AsmError(`instruction count ${n} is outside 1..${BPF_MAXINSNS}`, file, 1, 1));
  const prog: SockFilter[] = [];
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l]!;
    if (line.trim() === '') continue;
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (!m) throw new AsmError(`expected 'code jt jf k'`, file, l + 1, 1);
    prog.push(checkFields({ code: Number(m[1]), jt: Number(m[2]), jf: Number(m[3]), k: Number(m[4]) },
      () => new AsmError('field out of range', file, l + 1, 1)));
  }
  if (prog.length !== n) throw new AsmError(`expected ${n} instructions, found ${prog.length}`, file, lines.length, 1);
  return prog;
}

/** A C integer literal: hex, octal (leading 0) or decimal. */
function cNumber(s: string): number {
  const t = s.trim().replace(/[uUlL]+$/, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[0-7]*$/.test(t)) return Number.parseInt(t, 8);
  if (/^[1-9][0-9]*$/.test(t)) return Number(t);
  return Number.NaN;
}

/** C initializers `{ code, jt, jf, k },` (tcpdump -dd, bpf_asm -c, bpf_dbg dump); comments ignored. */
export function parseCArray(text: string, file = '<input>'): SockFilter[] {
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
  const prog: SockFilter[] = [];
  const re = /\{([^{}]*)\}/g;
  for (let m = re.exec(stripped); m; m = re.exec(stripped)) {
    const pos = m.index;
    // Skip other initializers in a pasted C file, such as `{ .len = 4, .filter = code }`.
    if (/[=.]/.test(m[1]!)) continue;
    const fields = m[1]!.split(',').map(cNumber);
    if (fields.length !== 4 || fields.some((v) => Number.isNaN(v))) {
      throw textError('expected { code, jt, jf, k } with four C integer literals', file, text, pos);
    }
    const [code, jt, jf, k] = fields as [number, number, number, number];
    prog.push(checkFields({ code, jt, jf, k }, () => textError('field out of range', file, text, pos)));
  }
  checkCount(prog.length, () => textError('no { code, jt, jf, k } initializers found (or more than 4096)', file, text, 0));
  return prog;
}

/** Reverse of the tcpdump `-d` operand spellings, for pasted listings. */
const LIBPCAP_AD_BY_NAME = new Map(Object.entries(LIBPCAP_AD_NAMES).map(([off, name]) => [name, Number(off)]));

/** A `tcpdump -d` listing (`(000) ldh      [12]`). */
export function parseTcpdumpD(text: string, file = '<input>'): SockFilter[] {
  const prog: SockFilter[] = [];
  const lines = text.split('\n');
  lines.forEach((line, l) => {
    if (line.trim() === '') return;
    const err = (d: string): AsmError => new AsmError(d, file, l + 1, 1);
    const m = /^\((\d+)\)\s+(\S+)\s*(.*?)\s*$/.exec(line);
    if (!m) throw err("expected '(NNN) op operand'");
    const n = Number(m[1]);
    if (n !== prog.length) throw err(`expected instruction number ${prog.length}`);
    const op = m[2]!;
    let rest = m[3]!;
    let jt = 0;
    let jf = 0;
    const jm = /^(.*?)\s*jt (\d+)\s+jf (\d+)$/.exec(rest);
    if (jm) {
      rest = jm[1]!;
      jt = Number(jm[2]) - n - 1;
      jf = Number(jm[3]) - n - 1;
    }
    const candidates = [...CLASSIC_FORMS_FOR_TEXT].filter((f) => f.name === op);
    for (const f of candidates) {
      const k = parseTcpdumpOperand(f, rest, n);
      if (k !== undefined) {
        prog.push(checkFields({ code: f.code, jt, jf, k: u32(k) }, () => err('field out of range')));
        return;
      }
    }
    if (op === 'unimp' && /^0x[0-9a-f]+$/i.test(rest)) {
      prog.push({ code: Number.parseInt(rest.slice(2), 16), jt, jf, k: 0 });
      return;
    }
    throw err(`cannot read '${op} ${rest}'`);
  });
  checkCount(prog.length, () => new AsmError('no instructions', file, 1, 1));
  return prog;
}

const CLASSIC_FORMS_FOR_TEXT = CLASSIC_FORMS.filter((f) => f.kind !== 'ldxabs');

function parseTcpdumpOperand(f: ClassicForm, s: string, n: number): number | undefined {
  const num = (t: string): number | undefined => (/^-?\d+$/.test(t) ? Number(t) : undefined);
  let m: RegExpExecArray | null;
  switch (f.operand) {
    case 'abs':
      if ((m = /^\[(-?\d+)\]$/.exec(s))) return Number(m[1]);
      if ((m = /^\[([a-z_]+)\]$/.exec(s)) && LIBPCAP_AD_BY_NAME.has(m[1]!)) return SKF_AD_OFF + LIBPCAP_AD_BY_NAME.get(m[1]!)!;
      return undefined;
    case 'ind': return (m = /^\[x \+ (-?\d+)\]$/.exec(s)) ? Number(m[1]) : undefined;
    case 'imm': return (m = /^#0x([0-9a-f]+)$/.exec(s)) ? Number.parseInt(m[1]!, 16) : undefined;
    case 'mem': return (m = /^M\[(-?\d+)\]$/.exec(s)) ? Number(m[1]) : undefined;
    case 'len': return s === '#pktlen' ? 0 : undefined;
    case 'msh': return (m = /^4\*\(\[(-?\d+)\]&0xf\)$/.exec(s)) ? Number(m[1]) : undefined;
    case 'k':
      if ((m = /^#0x([0-9a-f]+)$/.exec(s))) return Number.parseInt(m[1]!, 16);
      return (m = /^#(-?\d+)$/.exec(s)) ? Number(m[1]) : undefined;
    case 'x': return s === 'x' ? 0 : undefined;
    case 'a': case 'none': return s === '' ? 0 : undefined;
    case 'jump': { const t = num(s); return t === undefined ? undefined : t - n - 1; }
  }
}

/** Raw `struct sock_filter` records, little-endian. */
export function parseSockFilterBytes(bytes: Uint8Array): SockFilter[] {
  if (bytes.length === 0 || bytes.length % 8 !== 0) {
    throw new DecodeError(`raw sock_filter input must be a non-empty multiple of 8 bytes, got ${bytes.length}`, Math.floor(bytes.length / 8));
  }
  const n = bytes.length / 8;
  if (n > BPF_MAXINSNS) throw new DecodeError(`program has ${n} instructions, more than ${BPF_MAXINSNS}`, BPF_MAXINSNS);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prog: SockFilter[] = [];
  for (let i = 0; i < n; i++) {
    prog.push({ code: view.getUint16(i * 8, true), jt: bytes[i * 8 + 2]!, jf: bytes[i * 8 + 3]!, k: view.getUint32(i * 8 + 4, true) });
  }
  return prog;
}

/** Raw `struct sock_filter` records, little-endian. */
export function sockFilterBytes(prog: readonly SockFilter[]): Uint8Array {
  const out = new Uint8Array(prog.length * 8);
  const view = new DataView(out.buffer);
  prog.forEach((i, n) => {
    view.setUint16(n * 8, i.code, true);
    out[n * 8 + 2] = i.jt;
    out[n * 8 + 3] = i.jf;
    view.setUint32(n * 8 + 4, u32(i.k), true);
  });
  return out;
}

/** Guesses the format of a classic program from its first characters. */
export function detectClassicFormat(input: string | Uint8Array): ClassicFormat {
  if (typeof input !== 'string') {
    if (input.includes(0)) return 'raw';
    input = new TextDecoder().decode(input);
  }
  const t = input.replace(/^\s+/, '');
  if (/^\d+\s*,/.test(t)) return 'bpf_asm-output';
  if (/^\d+\s*(\n|$)/.test(t)) return 'ddd';
  if (/^\(\d+\)/.test(t)) return 'tcpdump-d';
  // bpf_asm source never contains braces.
  if (/\{\s*(0x[0-9a-f]+|\d+)\s*,/i.test(t)) return 'c-array';
  return 'bpf_asm';
}

/**
 * Reads a classic program in any supported format (see the module comment). Text errors are
 * AsmError with line and column; raw-byte errors are DecodeError.
 */
export function parseClassicProgram(input: string | Uint8Array, file = '<input>', format?: ClassicFormat): SockFilter[] {
  const fmt = format ?? detectClassicFormat(input);
  if (fmt === 'raw') {
    if (typeof input === 'string') throw new DecodeError('raw sock_filter input must be bytes', 0);
    return parseSockFilterBytes(input);
  }
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  switch (fmt) {
    case 'bpf_asm-output': return parseBpfAsmOutput(text, file);
    case 'ddd': return parseTcpdumpDdd(text, file);
    case 'c-array': return parseCArray(text, file);
    case 'tcpdump-d': return parseTcpdumpD(text, file);
    case 'bpf_asm': return assembleBpfAsm(text, file);
  }
}
