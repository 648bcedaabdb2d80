/**
 * The WebAssembly instructions the JIT emits, by name, with their binary opcodes (core spec 1.0
 * plus sign-extension, multi-value and bulk memory, all in Node 20). One table serves the encoder
 * and the WAT printer, so the two can never disagree.
 */
export const ValType = { i32: 0x7f, i64: 0x7e, f64: 0x7c } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

export function valTypeName(t: ValType): string {
  return t === ValType.i32 ? 'i32' : t === ValType.i64 ? 'i64' : 'f64';
}

/** Opcodes without immediates. */
export const Op = {
  unreachable: 0x00,
  nop: 0x01,
  else: 0x05,
  end: 0x0b,
  return: 0x0f,
  drop: 0x1a,
  select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49,
  'i32.gt_s': 0x4a, 'i32.gt_u': 0x4b, 'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f,
  'i64.eqz': 0x50, 'i64.eq': 0x51, 'i64.ne': 0x52, 'i64.lt_s': 0x53, 'i64.lt_u': 0x54,
  'i64.gt_s': 0x55, 'i64.gt_u': 0x56, 'i64.le_s': 0x57, 'i64.le_u': 0x58, 'i64.ge_s': 0x59, 'i64.ge_u': 0x5a,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.div_u': 0x6e,
  'i32.rem_s': 0x6f, 'i32.rem_u': 0x70, 'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73,
  'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76, 'i32.rotl': 0x77, 'i32.rotr': 0x78,
  'i64.add': 0x7c, 'i64.sub': 0x7d, 'i64.mul': 0x7e, 'i64.div_s': 0x7f, 'i64.div_u': 0x80,
  'i64.rem_s': 0x81, 'i64.rem_u': 0x82, 'i64.and': 0x83, 'i64.or': 0x84, 'i64.xor': 0x85,
  'i64.shl': 0x86, 'i64.shr_s': 0x87, 'i64.shr_u': 0x88, 'i64.rotl': 0x89, 'i64.rotr': 0x8a,
  'i32.wrap_i64': 0xa7, 'i64.extend_i32_s': 0xac, 'i64.extend_i32_u': 0xad, 'f64.convert_i64_s': 0xb9,
  'i32.extend8_s': 0xc0, 'i32.extend16_s': 0xc1,
  'i64.extend8_s': 0xc2, 'i64.extend16_s': 0xc3, 'i64.extend32_s': 0xc4,
} as const;
export type SimpleOp = keyof typeof Op;

/** Loads and stores: opcode and natural alignment (log2 bytes). */
export const MemOp = {
  'i32.load': [0x28, 2], 'i64.load': [0x29, 3],
  'i32.load8_s': [0x2c, 0], 'i32.load8_u': [0x2d, 0], 'i32.load16_s': [0x2e, 1], 'i32.load16_u': [0x2f, 1],
  'i64.load8_s': [0x30, 0], 'i64.load8_u': [0x31, 0], 'i64.load16_s': [0x32, 1], 'i64.load16_u': [0x33, 1],
  'i64.load32_s': [0x34, 2], 'i64.load32_u': [0x35, 2],
  'i32.store': [0x36, 2], 'i64.store': [0x37, 3], 'i32.store8': [0x3a, 0], 'i32.store16': [0x3b, 1],
  'i64.store8': [0x3c, 0], 'i64.store16': [0x3d, 1], 'i64.store32': [0x3e, 2], 'f64.store': [0x39, 3],
} as const;
export type MemOpName = keyof typeof MemOp;

/** Opcodes with immediates, encoded by the body builder. */
export const ImmOp = {
  block: 0x02, loop: 0x03, if: 0x04, br: 0x0c, br_if: 0x0d, br_table: 0x0e, call: 0x10,
  'local.get': 0x20, 'local.set': 0x21, 'local.tee': 0x22, 'global.get': 0x23, 'global.set': 0x24,
  'i32.const': 0x41, 'i64.const': 0x42,
} as const;

/** 0xFC-prefixed bulk-memory instructions. */
export const BulkOp = { 'memory.copy': 10, 'memory.fill': 11 } as const;

export const SIMPLE_NAMES: Readonly<Record<number, SimpleOp>> = Object.fromEntries(
  Object.entries(Op).map(([name, code]) => [code, name as SimpleOp]),
);
