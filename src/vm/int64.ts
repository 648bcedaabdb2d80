/**
 * 64-bit arithmetic on int32 lo/hi pairs, for the interpreter's hot loop (no BigInt, no
 * allocation). Functions that produce a 64-bit value leave it in `out` — one shared mutable
 * object, read immediately by the caller.
 */

export const out = { lo: 0, hi: 0 };

/** High 32 bits of the unsigned 64-bit product of two uint32 values (as int32). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const mid1 = a1 * b0, mid2 = a0 * b1;
  const carry = (((a0 * b0) >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + carry) | 0;
}

/** out = a << n (n already masked to 0..63). */
export function shl64(lo: number, hi: number, n: number): void {
  if (n === 0) { out.lo = lo; out.hi = hi; } else if (n < 32) {
    out.hi = (hi << n) | (lo >>> (32 - n)); out.lo = lo << n;
  } else { out.hi = lo << (n - 32); out.lo = 0; }
}

/** out = a >>> n (logical, n masked to 0..63). */
export function shr64(lo: number, hi: number, n: number): void {
  if (n === 0) { out.lo = lo; out.hi = hi; } else if (n < 32) {
    out.lo = (lo >>> n) | (hi << (32 - n)); out.hi = hi >>> n;
  } else { out.lo = hi >>> (n - 32); out.hi = 0; }
}

/** out = a >> n (arithmetic, n masked to 0..63). */
export function sar64(lo: number, hi: number, n: number): void {
  if (n === 0) { out.lo = lo; out.hi = hi; } else if (n < 32) {
    out.lo = (lo >>> n) | (hi << (32 - n)); out.hi = hi >> n;
  } else { out.lo = hi >> (n - 32); out.hi = hi >> 31; }
}

function toBig(lo: number, hi: number): bigint {
  if (hi === 0) return BigInt(lo >>> 0);
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function setBig(v: bigint): void {
  const u = BigInt.asUintN(64, v);
  out.lo = Number(u & 0xffffffffn) | 0;
  out.hi = Number(u >> 32n) | 0;
}

/**
 * Unsigned 64-bit division or remainder with RFC 9669's rules: x / 0 = 0, x % 0 = x.
 * Both operands below 2^32 take the exact double path; the rest (rare) uses BigInt.
 */
export function udivmod64(al: number, ah: number, bl: number, bh: number, mod: boolean): void {
  if (bl === 0 && bh === 0) { out.lo = mod ? al : 0; out.hi = mod ? ah : 0; return; }
  if (ah === 0 && bh === 0) {
    const x = al >>> 0, y = bl >>> 0;
    const q = Math.floor(x / y);
    out.lo = (mod ? x - q * y : q) | 0; out.hi = 0;
    return;
  }
  const x = toBig(al, ah), y = toBig(bl, bh);
  setBig(mod ? x % y : x / y);
}

/**
 * Signed 64-bit division or remainder: truncation toward zero, the remainder takes the dividend's
 * sign, x / 0 = 0, x % 0 = x, INT64_MIN / -1 = INT64_MIN, INT64_MIN % -1 = 0.
 */
export function sdivmod64(al: number, ah: number, bl: number, bh: number, mod: boolean): void {
  if (bl === 0 && bh === 0) { out.lo = mod ? al : 0; out.hi = mod ? ah : 0; return; }
  if (ah === al >> 31 && bh === bl >> 31) {
    // Both fit in int32: doubles are exact here (INT32_MIN / -1 = 2^31 still fits 64 bits).
    const r = mod ? al % bl : Math.trunc(al / bl);
    out.lo = r | 0; out.hi = r < 0 ? -1 : 0;
    return;
  }
  const x = BigInt.asIntN(64, toBig(al, ah)), y = BigInt.asIntN(64, toBig(bl, bh));
  if (y === -1n) { setBig(mod ? 0n : -x); return; }
  setBig(mod ? x % y : x / y);
}

/** The unsigned 64-bit value of a lo/hi pair as a BigInt (off the hot path). */
export function pairToBigInt(lo: number, hi: number): bigint {
  return toBig(lo, hi);
}

/** Splits a BigInt (taken mod 2^64) into `out`. */
export function bigIntToPair(v: bigint): void {
  setBig(v);
}
