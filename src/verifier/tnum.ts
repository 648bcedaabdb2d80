/**
 * Tristate numbers ("tnums"), the kernel's bit-level abstraction of a 64-bit value
 * (kernel/bpf/tnum.c). A tnum is {value, mask}: a set mask bit means "this bit is unknown",
 * otherwise the bit equals the corresponding value bit. Invariant: value & mask == 0.
 * Values are unsigned 64-bit BigInts in [0, 2^64).
 */
export interface Tnum {
  readonly value: bigint;
  readonly mask: bigint;
}

export const U64_MAX = (1n << 64n) - 1n;
export const U32_MAX = 0xffffffffn;

const u64 = (x: bigint): bigint => x & U64_MAX;

export function tnum(value: bigint, mask: bigint): Tnum {
  return { value: u64(value), mask: u64(mask) };
}

export const TNUM_UNKNOWN: Tnum = { value: 0n, mask: U64_MAX };

export function tnumConst(v: bigint): Tnum {
  return { value: u64(v), mask: 0n };
}

/** Number of the highest set bit, 1-based (fls64); 0 for 0. */
function fls64(x: bigint): number {
  if (x === 0n) return 0;
  if (x < 0n || x > U64_MAX) return x.toString(2).length;
  // Two 32-bit halves and clz32: no string per call.
  const hi = Number(x >> 32n);
  return hi ? 64 - Math.clz32(hi) : 32 - Math.clz32(Number(x & U32_MAX));
}

/** The smallest tnum containing every value in [min, max] (unsigned). */
export function tnumRange(min: bigint, max: bigint): Tnum {
  const chi = min ^ max;
  const bits = fls64(chi);
  if (bits > 63) return TNUM_UNKNOWN;
  const delta = (1n << BigInt(bits)) - 1n;
  return { value: min & ~delta & U64_MAX, mask: delta };
}

export function tnumLshift(a: Tnum, shift: number): Tnum {
  const s = BigInt(shift);
  return { value: u64(a.value << s), mask: u64(a.mask << s) };
}

export function tnumRshift(a: Tnum, shift: number): Tnum {
  const s = BigInt(shift);
  return { value: a.value >> s, mask: a.mask >> s };
}

/** Arithmetic right shift of the low `bitness` bits (32 or 64), as the kernel's tnum_arshift. */
export function tnumArshift(a: Tnum, shift: number, bitness: 32 | 64): Tnum {
  const s = BigInt(shift);
  if (bitness === 32) {
    return {
      value: BigInt.asUintN(32, BigInt.asIntN(32, a.value) >> s),
      mask: BigInt.asUintN(32, BigInt.asIntN(32, a.mask) >> s),
    };
  }
  return { value: u64(BigInt.asIntN(64, a.value) >> s), mask: u64(BigInt.asIntN(64, a.mask) >> s) };
}

export function tnumAdd(a: Tnum, b: Tnum): Tnum {
  const sm = u64(a.mask + b.mask);
  const sv = u64(a.value + b.value);
  const sigma = u64(sm + sv);
  const chi = sigma ^ sv;
  const mu = chi | a.mask | b.mask;
  return { value: sv & ~mu & U64_MAX, mask: mu };
}

export function tnumSub(a: Tnum, b: Tnum): Tnum {
  const dv = u64(a.value - b.value);
  const alpha = u64(dv + a.mask);
  const beta = u64(dv - b.mask);
  const chi = alpha ^ beta;
  const mu = chi | a.mask | b.mask;
  return { value: dv & ~mu & U64_MAX, mask: mu };
}

export function tnumNeg(a: Tnum): Tnum {
  return tnumSub(tnumConst(0n), a);
}

export function tnumAnd(a: Tnum, b: Tnum): Tnum {
  const alpha = a.value | a.mask;
  const beta = b.value | b.mask;
  const v = a.value & b.value;
  return { value: v, mask: alpha & beta & ~v & U64_MAX };
}

export function tnumOr(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  const mu = a.mask | b.mask;
  return { value: v, mask: mu & ~v & U64_MAX };
}

export function tnumXor(a: Tnum, b: Tnum): Tnum {
  const v = a.value ^ b.value;
  const mu = a.mask | b.mask;
  return { value: v & ~mu & U64_MAX, mask: mu };
}

/** Multiplication: shift-and-add over the bits of `a`, accumulating uncertainty separately. */
export function tnumMul(a: Tnum, b: Tnum): Tnum {
  const accV = u64(a.value * b.value);
  let accM: Tnum = { value: 0n, mask: 0n };
  while (a.value !== 0n || a.mask !== 0n) {
    if (a.value & 1n) accM = tnumAdd(accM, { value: 0n, mask: b.mask });
    else if (a.mask & 1n) accM = tnumAdd(accM, { value: 0n, mask: b.value | b.mask });
    a = tnumRshift(a, 1);
    b = tnumLshift(b, 1);
  }
  return tnumAdd({ value: accV, mask: 0n }, accM);
}

/** Values known in both tnums (used when two facts about the same value are combined). */
export function tnumIntersect(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  const mu = a.mask & b.mask;
  return { value: v & ~mu & U64_MAX, mask: mu };
}

/** Truncates to `size` bytes. */
export function tnumCast(a: Tnum, size: number): Tnum {
  const m = (1n << BigInt(size * 8)) - 1n;
  return { value: a.value & m, mask: a.mask & m };
}

export function tnumIsConst(a: Tnum): boolean {
  return a.mask === 0n;
}

export function tnumIsUnknown(a: Tnum): boolean {
  return a.mask === U64_MAX;
}

export function tnumEquals(a: Tnum, b: Tnum): boolean {
  return a.value === b.value && a.mask === b.mask;
}

export function tnumIsAligned(a: Tnum, size: number): boolean {
  if (size === 0) return true;
  return ((a.value | a.mask) & BigInt(size - 1)) === 0n;
}

/** True when every value of `b` is a value of `a`. */
export function tnumIn(a: Tnum, b: Tnum): boolean {
  if (b.mask & ~a.mask & U64_MAX) return false;
  return (b.value & ~a.mask & U64_MAX) === a.value;
}

export function tnumSubreg(a: Tnum): Tnum {
  return tnumCast(a, 4);
}

export function tnumClearSubreg(a: Tnum): Tnum {
  return tnumLshift(tnumRshift(a, 32), 32);
}

export function tnumWithSubreg(reg: Tnum, subreg: Tnum): Tnum {
  return tnumOr(tnumClearSubreg(reg), tnumSubreg(subreg));
}

export function tnumConstSubreg(a: Tnum, value: bigint): Tnum {
  return tnumWithSubreg(a, tnumConst(value & U32_MAX));
}

export function tnumSubregIsConst(a: Tnum): boolean {
  return (a.mask & U32_MAX) === 0n;
}

/** `(%#llx; %#llx)` as the kernel prints it (`0x0` for zero). */
export function tnumToString(a: Tnum): string {
  return `(${hex(a.value)}; ${hex(a.mask)})`;
}

export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

/**
 * The smallest value of `t` greater than `z` (`tnum_step`); 2^64 when there is none. Closed form
 * of a walk from the top bit: the highest fixed bit where n = z + 1 disagrees with `t` decides
 * whether n's prefix can be kept (t has a 1 there) or must be carried into the lowest free bit
 * above it that n has clear.
 */
export function tnumStep(t: Tnum, z: bigint): bigint {
  const n = z + 1n;
  if (n > (t.value | t.mask)) return 1n << 64n;
  const differ = (n ^ t.value) & ~t.mask;
  if (differ === 0n) return n;
  const b = 1n << BigInt(fls64(differ) - 1);
  const above = ~((b << 1n) - 1n);
  if (t.value & b) return (n & above) | b | (t.value & (b - 1n));
  const freeZeros = t.mask & ~n & above;
  if (freeZeros === 0n) return 1n << 64n;
  const p = freeZeros & -freeZeros;
  return (n & ~((p << 1n) - 1n)) | p | (t.value & (p - 1n));
}

function swab(v: bigint, bytes: number): bigint {
  let out = 0n;
  for (let i = 0; i < bytes; i++) out = (out << 8n) | ((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** Byte swap of the low `bytes` bytes (`tnum_bswap16/32/64`). */
export function tnumBswap(a: Tnum, bytes: 2 | 4 | 8): Tnum {
  return { value: swab(a.value, bytes), mask: swab(a.mask, bytes) };
}
