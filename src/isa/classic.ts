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
