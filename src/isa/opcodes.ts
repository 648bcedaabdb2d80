/**
 * eBPF encoding constants (RFC 9669 §3–§5). Plain `as const` objects rather than enums so the
 * sources stay erasable TypeScript.
 */

/** Instruction classes: the low 3 bits of the opcode. */
export const Class = {
  LD: 0x00,
  LDX: 0x01,
  ST: 0x02,
  STX: 0x03,
  ALU: 0x04,
  JMP: 0x05,
  JMP32: 0x06,
  ALU64: 0x07,
} as const;

/** Load/store size field (bits 3–4). */
export const Size = { W: 0x00, H: 0x08, B: 0x10, DW: 0x18 } as const;

/** Load/store mode field (bits 5–7). */
export const Mode = { IMM: 0x00, ABS: 0x20, IND: 0x40, MEM: 0x60, MEMSX: 0x80, ATOMIC: 0xc0 } as const;

/** Source bit for ALU and JMP classes. */
export const Source = { K: 0x00, X: 0x08 } as const;

/** ALU operation field (bits 4–7). */
export const AluOp = {
  add: 0x00,
  sub: 0x10,
  mul: 0x20,
  div: 0x30,
  or: 0x40,
  and: 0x50,
  lsh: 0x60,
  rsh: 0x70,
  neg: 0x80,
  mod: 0x90,
  xor: 0xa0,
  mov: 0xb0,
  arsh: 0xc0,
  end: 0xd0,
} as const;
export type AluOpName = keyof typeof AluOp;

/** JMP operation field (bits 4–7). */
export const JmpOp = {
  ja: 0x00,
  jeq: 0x10,
  jgt: 0x20,
  jge: 0x30,
  jset: 0x40,
  jne: 0x50,
  jsgt: 0x60,
  jsge: 0x70,
  call: 0x80,
  exit: 0x90,
  jlt: 0xa0,
  jle: 0xb0,
  jslt: 0xc0,
  jsle: 0xd0,
} as const;
export type JmpOpName = keyof typeof JmpOp;

/** Conditional jumps, in opcode order. */
export const CONDITIONAL_JUMPS = [
  'jeq', 'jgt', 'jge', 'jset', 'jne', 'jsgt', 'jsge', 'jlt', 'jle', 'jslt', 'jsle',
] as const;
export type CondOp = (typeof CONDITIONAL_JUMPS)[number];

/** Atomic operations, selected by the imm field of BPF_ATOMIC instructions. */
export const AtomicOp = {
  add: 0x00,
  or: 0x40,
  and: 0x50,
  xor: 0xa0,
  xchg: 0xe1,
  cmpxchg: 0xf1,
} as const;
export const ATOMIC_FETCH = 0x01;
export type AtomicOpName = keyof typeof AtomicOp;

/** LD_IMM64 src values (RFC 9669 §5.4). */
export const LdImm64Src = {
  IMM64: 0,
  MAP_BY_FD: 1,
  MAP_VALUE_BY_FD: 2,
  VARIABLE_ADDR: 3,
  CODE_ADDR: 4,
  MAP_BY_IDX: 5,
  MAP_VALUE_BY_IDX: 6,
} as const;

/** CALL src values. */
export const CallSrc = { HELPER: 0, LOCAL: 1, KFUNC: 2 } as const;

/** Number of general registers r0..r10; r10 is the read-only frame pointer. */
export const REG_COUNT = 11;
export const FRAME_POINTER = 10;

export const INSN_SIZE = 8;
