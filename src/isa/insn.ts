/**
 * One eBPF instruction as the tools see it. LD_IMM64 is one logical instruction that occupies two
 * 8-byte slots; its second slot's immediate is `hi`. Program counters everywhere count slots, as
 * the kernel, llvm-objdump and the RFC do.
 */
export interface Insn {
  /** The opcode byte. */
  code: number;
  /** Destination register field, 0..15 (only 0..10 are valid registers). */
  dst: number;
  /** Source register field, 0..15. */
  src: number;
  /** Signed 16-bit offset. */
  off: number;
  /** Signed 32-bit immediate. */
  imm: number;
  /** LD_IMM64 only: the second slot's signed 32-bit immediate (the value's high half). */
  hi?: number;
}

export function insn(code: number, dst = 0, src = 0, off = 0, imm = 0): Insn {
  return { code, dst, src, off, imm };
}

/** Slots an instruction occupies. */
export function slotCount(i: Insn): 1 | 2 {
  return i.hi === undefined ? 1 : 2;
}

/** The 64-bit immediate of an LD_IMM64 instruction. */
export function imm64(i: Insn): bigint {
  return (BigInt(i.hi ?? 0) << 32n) | BigInt(i.imm >>> 0);
}

/** Splits a 64-bit value into the signed 32-bit halves that LD_IMM64 stores. */
export function splitImm64(value: bigint): { imm: number; hi: number } {
  const v = BigInt.asUintN(64, value);
  return { imm: Number(BigInt.asIntN(32, v)), hi: Number(BigInt.asIntN(32, v >> 32n)) };
}

/** A program: logical instructions plus the slot index each one starts at. */
export interface Program {
  insns: Insn[];
  /** Slot index of each instruction (same length as `insns`). */
  pcs: number[];
  /** Total number of 8-byte slots. */
  slots: number;
}

export function programOf(insns: Insn[]): Program {
  const pcs: number[] = [];
  let pc = 0;
  for (const i of insns) {
    pcs.push(pc);
    pc += slotCount(i);
  }
  return { insns, pcs, slots: pc };
}
