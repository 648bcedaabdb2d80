/**
 * Classic BPF encodings: `struct sock_filter` and the kernel's ancillary-data offsets. The
 * classic tools (assembler, disassemblers, checker, interpreter, conversion) read these tables.
 */

/** One classic instruction, `struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; }`. */
export interface SockFilter {
  code: number;
  jt: number;
  jf: number;
  /** Unsigned 32-bit constant. */
  k: number;
}

export const CClass = { LD: 0x00, LDX: 0x01, ST: 0x02, STX: 0x03, ALU: 0x04, JMP: 0x05, RET: 0x06, MISC: 0x07 } as const;
export const CSize = { W: 0x00, H: 0x08, B: 0x10 } as const;
export const CMode = { IMM: 0x00, ABS: 0x20, IND: 0x40, MEM: 0x60, LEN: 0x80, MSH: 0xa0 } as const;
export const CSrc = { K: 0x00, X: 0x08, A: 0x10 } as const;
export const CAluOp = {
  ADD: 0x00, SUB: 0x10, MUL: 0x20, DIV: 0x30, OR: 0x40, AND: 0x50, LSH: 0x60, RSH: 0x70,
  NEG: 0x80, MOD: 0x90, XOR: 0xa0,
} as const;
export const CJmpOp = { JA: 0x00, JEQ: 0x10, JGT: 0x20, JGE: 0x30, JSET: 0x40 } as const;
export const CMiscOp = { TAX: 0x00, TXA: 0x80 } as const;

/** Number of scratch memory cells M[0..15]. */
export const BPF_MEMWORDS = 16;
/** Maximum classic program length (BPF_MAXINSNS). */
export const BPF_MAXINSNS = 4096;

/** Ancillary-data base offset: loads from SKF_AD_OFF + x read metadata instead of packet bytes. */
export const SKF_AD_OFF = -0x1000;
export const SKF_NET_OFF = -0x100000;
export const SKF_LL_OFF = -0x200000;

/** Linux extensions (`SKF_AD_*`), by the name bpf_asm uses after `#`. */
export const SKF_AD = {
  proto: 0,
  type: 4,
  ifidx: 8,
  nla: 12,
  nlan: 16,
  mark: 20,
  queue: 24,
  hatype: 28,
  rxhash: 32,
  cpu: 36,
  alu_xor_x: 40,
  vlan_tci: 44,
  vlan_avail: 48,
  poff: 52,
  vlan_tpid: 60,
  rand: 56,
} as const;
export type SkfAdName = keyof typeof SKF_AD;
/** SKF_AD_MAX: the first offset past the last extension. */
export const SKF_AD_MAX = 64;

// --- Opcode table ---------------------------------------------------------------------------------

/** What the `k` field of a classic instruction means, which decides how every printer shows it. */
export type ClassicOperand =
  | 'abs' // packet (or ancillary) offset: ld [k]
  | 'ind' // packet offset X + k: ld [x + k]
  | 'imm' // constant: ld #k
  | 'mem' // scratch cell: ld M[k]
  | 'len' // packet length: ld #len
  | 'msh' // IP header length: ldxb 4*([k]&0xf)
  | 'k' // ALU / conditional jump / ret constant
  | 'x' // the X register
  | 'a' // the A register (ret a)
  | 'jump' // ja: relative target in k
  | 'none';

export type ClassicKind = 'ld' | 'ldx' | 'st' | 'stx' | 'alu' | 'neg' | 'ja' | 'jcc' | 'ret' | 'tax' | 'txa' | 'ldxabs';

export interface ClassicForm {
  readonly code: number;
  /** tcpdump/bpf_asm mnemonic (`ldh`, `jeq`, `ret`). */
  readonly name: string;
  readonly kind: ClassicKind;
  readonly operand: ClassicOperand;
  /** Load size in bytes for ABS/IND/MSH loads; 4 for the other loads; 0 otherwise. */
  readonly size: 0 | 1 | 2 | 4;
  /** ALU or jump operation name (`add`, `jgt`), '' otherwise. */
  readonly op: string;
  /** Accepted by the kernel's `bpf_check_classic` whitelist. */
  readonly linux: boolean;
}

const classicForms: ClassicForm[] = [];
function addClassic(code: number, name: string, kind: ClassicKind, operand: ClassicOperand, size: 0 | 1 | 2 | 4, op = '', linux = true): void {
  classicForms.push({ code, name, kind, operand, size, op, linux });
}
for (const [size, bytes, sfx] of [[CSize.W, 4, ''], [CSize.H, 2, 'h'], [CSize.B, 1, 'b']] as const) {
  addClassic(CClass.LD | size | CMode.ABS, 'ld' + sfx, 'ld', 'abs', bytes);
  addClassic(CClass.LD | size | CMode.IND, 'ld' + sfx, 'ld', 'ind', bytes);
}
addClassic(CClass.LD | CSize.W | CMode.LEN, 'ld', 'ld', 'len', 4);
addClassic(CClass.LD | CMode.IMM, 'ld', 'ld', 'imm', 4);
addClassic(CClass.LD | CMode.MEM, 'ld', 'ld', 'mem', 4);
addClassic(CClass.LDX | CSize.W | CMode.LEN, 'ldx', 'ldx', 'len', 4);
addClassic(CClass.LDX | CSize.B | CMode.MSH, 'ldxb', 'ldx', 'msh', 1);
addClassic(CClass.LDX | CMode.IMM, 'ldx', 'ldx', 'imm', 4);
addClassic(CClass.LDX | CMode.MEM, 'ldx', 'ldx', 'mem', 4);
// seccomp rewrites `ld [k]` into this context load; it is never accepted from user space.
addClassic(CClass.LDX | CSize.W | CMode.ABS, 'ldx', 'ldxabs', 'abs', 4, '', false);
addClassic(CClass.ST, 'st', 'st', 'mem', 0);
addClassic(CClass.STX, 'stx', 'stx', 'mem', 0);
for (const [op, bits] of Object.entries(CAluOp)) {
  const name = op.toLowerCase();
  if (op === 'NEG') {
    addClassic(CClass.ALU | bits, name, 'neg', 'none', 0, name);
    continue;
  }
  addClassic(CClass.ALU | bits | CSrc.K, name, 'alu', 'k', 0, name);
  addClassic(CClass.ALU | bits | CSrc.X, name, 'alu', 'x', 0, name);
}
addClassic(CClass.JMP | CJmpOp.JA, 'ja', 'ja', 'jump', 0, 'ja');
for (const [op, bits] of Object.entries(CJmpOp)) {
  if (op === 'JA') continue;
  const name = op.toLowerCase();
  addClassic(CClass.JMP | bits | CSrc.K, name, 'jcc', 'k', 0, name);
  addClassic(CClass.JMP | bits | CSrc.X, name, 'jcc', 'x', 0, name);
}
addClassic(CClass.RET | CSrc.K, 'ret', 'ret', 'k', 0);
addClassic(CClass.RET | CSrc.A, 'ret', 'ret', 'a', 0);
// bpf_asm emits it and libpcap's validator passes it, but Linux rejects RET X.
addClassic(CClass.RET | CSrc.X, 'ret', 'ret', 'x', 0, '', false);
addClassic(CClass.MISC | CMiscOp.TAX, 'tax', 'tax', 'none', 0);
addClassic(CClass.MISC | CMiscOp.TXA, 'txa', 'txa', 'none', 0);

/** Every classic instruction form the tools know, one per exact opcode value. */
export const CLASSIC_FORMS: readonly ClassicForm[] = classicForms;

const classicByCode = new Map<number, ClassicForm>(classicForms.map((f) => [f.code, f]));

/** The form of an exact 16-bit classic opcode, or undefined (codes with stray bits have none). */
export function classicFormOf(code: number): ClassicForm | undefined {
  return classicByCode.get(code);
}

/** Name of a known ancillary offset k (u32 ≥ 0xfffff000), as bpf_asm spells it, or undefined. */
export function ancillaryName(k: number): SkfAdName | undefined {
  const off = (k >>> 0) - (SKF_AD_OFF >>> 0);
  if (off < 0 || off >= SKF_AD_MAX) return undefined;
  for (const [name, v] of Object.entries(SKF_AD)) if (v === off) return name as SkfAdName;
  return undefined;
}

/** A classic program: `struct sock_filter[]`. */
export type ClassicProgram = SockFilter[];

export function sockFilter(code: number, jt = 0, jf = 0, k = 0): SockFilter {
  return { code, jt, jf, k: k >>> 0 };
}

/**
 * The instruction with the fields its form ignores set to zero (`tax` with k = 2 from libpcap's
 * optimizer, jt/jf on non-jumps). Text formats cannot carry those fields, so round trips compare
 * canonical forms.
 */
export function canonicalSockFilter(i: SockFilter): SockFilter {
  const f = classicFormOf(i.code);
  if (f === undefined) return { ...i };
  const kUsed = f.operand !== 'x' && f.operand !== 'a' && f.operand !== 'none' && f.operand !== 'len';
  const jumps = f.kind === 'jcc';
  return { code: i.code, jt: jumps ? i.jt : 0, jf: jumps ? i.jf : 0, k: kUsed ? i.k >>> 0 : 0 };
}
