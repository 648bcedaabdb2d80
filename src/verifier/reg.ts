/**
 * The abstract register (the kernel's `struct bpf_reg_state`) and the scalar-range machinery:
 * 64/32-bit signed and unsigned bounds plus a tnum, `reg_bounds_sync`, and the primitive
 * "mark known / unknown / unbounded" operations the transfer functions are built from.
 * All 64-bit quantities are BigInts: unsigned fields in [0, 2^64), signed ones in [-2^63, 2^63).
 */
import {
  type Tnum, TNUM_UNKNOWN, U32_MAX, U64_MAX, tnumCast, tnumClearSubreg, tnumConst, tnumConstSubreg,
  tnumIntersect, tnumIsConst, tnumOr, tnumRange, tnumStep, tnumSubreg, tnumSubregIsConst,
} from './tnum.js';
import type { MapInfo } from './program.js';
import type { BtfRef } from './btf-access.js';

export const S64_MIN = -(1n << 63n);
export const S64_MAX = (1n << 63n) - 1n;
export const S32_MIN = -(1n << 31n);
export const S32_MAX = (1n << 31n) - 1n;

/** Base register types (`enum bpf_reg_type` without flags), named as the log prints them. */
export type RegType =
  | 'not_init' | 'scalar' | 'ctx' | 'map_ptr' | 'map_value' | 'map_key' | 'fp' | 'pkt' | 'pkt_meta'
  | 'pkt_end' | 'flow_keys' | 'sock' | 'sock_common' | 'tcp_sock' | 'tp_buffer' | 'xdp_sock' | 'mem'
  | 'buf' | 'func' | 'ptr_';

/** Type flags (`PTR_MAYBE_NULL`, `MEM_RDONLY`, `MEM_RINGBUF`, ...). */
export const Flag = { MAYBE_NULL: 1, RDONLY: 2, RINGBUF: 4, ALLOC: 8, TRUSTED: 16, UNTRUSTED: 32, RCU: 64, USER: 128, PERCPU: 256 } as const;

export const BEYOND_PKT_END = -2;
export const AT_PKT_END = -1;
export const MAX_PACKET_OFF = 0xffff;
/** The kernel's BPF_ADD_CONST markers in `id` for "r2 = r1 + k" links (64- and 32-bit). */
export const ADD_CONST64 = 0x80000000;
export const ADD_CONST32 = 0x40000000;
export const ADD_CONST = ADD_CONST64 | ADD_CONST32;

export interface Reg {
  type: RegType;
  flags: number;
  /** Fixed pointer offset (or the delta of an `id=N+k` scalar link). */
  off: number;
  varOff: Tnum;
  smin: bigint; smax: bigint; umin: bigint; umax: bigint;
  s32min: bigint; s32max: bigint; u32min: bigint; u32max: bigint;
  id: number;
  refObjId: number;
  /** Packet pointers: bytes proven readable (or AT/BEYOND_PKT_END). */
  range: number;
  /** map_ptr, map_value, map_key. */
  map: MapInfo | undefined;
  /** mem: its size. */
  memSize: number;
  /** fp: the frame it points into. */
  frameno: number;
  /** func: the subprogram's first instruction. */
  subprog: number;
  /** ptr_ (PTR_TO_BTF_ID): the kernel struct pointed to. */
  btf: BtfRef | undefined;
  precise: boolean;
}

export function notInit(): Reg {
  return {
    type: 'not_init', flags: 0, off: 0, varOff: TNUM_UNKNOWN, smin: S64_MIN, smax: S64_MAX, umin: 0n,
    umax: U64_MAX, s32min: S32_MIN, s32max: S32_MAX, u32min: 0n, u32max: U32_MAX, id: 0, refObjId: 0,
    range: 0, map: undefined, memSize: 0, frameno: 0, subprog: 0, btf: undefined, precise: false,
  };
}

export function copyReg(r: Reg): Reg {
  // An explicit literal keeps one object shape for every register (a spread is several times slower).
  return {
    type: r.type, flags: r.flags, off: r.off, varOff: r.varOff, smin: r.smin, smax: r.smax, umin: r.umin,
    umax: r.umax, s32min: r.s32min, s32max: r.s32max, u32min: r.u32min, u32max: r.u32max, id: r.id,
    refObjId: r.refObjId, range: r.range, map: r.map, memSize: r.memSize, frameno: r.frameno,
    subprog: r.subprog, btf: r.btf, precise: r.precise,
  };
}

/** Two's-complement views. */
export const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
export const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
export const s32 = (x: bigint): bigint => BigInt.asIntN(32, x);
export const u32 = (x: bigint): bigint => BigInt.asUintN(32, x);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export function markUnbounded64(r: Reg): void {
  r.smin = S64_MIN; r.smax = S64_MAX; r.umin = 0n; r.umax = U64_MAX;
}
export function markUnbounded32(r: Reg): void {
  r.s32min = S32_MIN; r.s32max = S32_MAX; r.u32min = 0n; r.u32max = U32_MAX;
}
export function markUnbounded(r: Reg): void {
  markUnbounded64(r);
  markUnbounded32(r);
}

/** `__mark_reg_known`: every bound and the tnum become the constant; ids and offsets clear. */
export function markKnown(r: Reg, value: bigint): void {
  const v = u64(value);
  r.off = 0; r.id = 0; r.refObjId = 0; r.range = 0; r.map = undefined; r.memSize = 0; r.frameno = 0; r.btf = undefined;
  r.varOff = tnumConst(v);
  r.smin = r.smax = s64(v);
  r.umin = r.umax = v;
  r.s32min = r.s32max = s32(v);
  r.u32min = r.u32max = u32(v);
}

export function markKnown32(r: Reg, value: bigint): void {
  r.varOff = tnumConstSubreg(r.varOff, value);
  r.s32min = r.s32max = s32(value);
  r.u32min = r.u32max = u32(value);
}

/** `__mark_reg_unknown` (privileged: imprecise). */
export function markUnknown(r: Reg): void {
  const fresh = notInit();
  Object.assign(r, fresh);
  r.type = 'scalar';
}

export function scalarKnown(value: bigint): Reg {
  const r = notInit();
  r.type = 'scalar';
  markKnown(r, value);
  return r;
}

export function scalarUnknown(): Reg {
  const r = notInit();
  r.type = 'scalar';
  return r;
}

export function isConst(r: Reg, subreg32 = false): boolean {
  return subreg32 ? tnumSubregIsConst(r.varOff) : tnumIsConst(r.varOff);
}

export function constValue(r: Reg, subreg32 = false): bigint {
  return subreg32 ? tnumSubreg(r.varOff).value : r.varOff.value;
}

// --- bounds synchronisation (reg_bounds_sync) -----------------------------------------------------

function updateReg32Bounds(r: Reg): void {
  const v = tnumSubreg(r.varOff);
  r.s32min = max(r.s32min, s32(v.value | (v.mask & 0x80000000n)));
  r.s32max = min(r.s32max, s32(v.value | (v.mask & 0x7fffffffn)));
  r.u32min = max(r.u32min, v.value);
  r.u32max = min(r.u32max, v.value | v.mask);
}

function updateReg64Bounds(r: Reg): void {
  const v = r.varOff;
  r.smin = max(r.smin, s64(v.value | (v.mask & (1n << 63n))));
  r.smax = min(r.smax, s64(v.value | (v.mask & S64_MAX)));
  r.umin = max(r.umin, v.value);
  r.umax = min(r.umax, v.value | v.mask);
  if (v.mask === 0n || r.umin > r.umax) return;
  // When the u64 range and the tnum share a single value, the register is that constant.
  const next = tnumStep(v, r.umin);
  const uminInTnum = (r.umin & ~v.mask) === v.value;
  const tmax = v.value | v.mask;
  if (uminInTnum && next > r.umax) markKnownValue(r, r.umin);
  else if (!uminInTnum && next === tmax) markKnownValue(r, tmax);
  else if (!uminInTnum && next <= r.umax && tnumStep(v, next) > r.umax) markKnownValue(r, next);
}

/** `___mark_reg_known`: bounds and tnum only. */
function markKnownValue(r: Reg, v: bigint): void {
  r.varOff = tnumConst(v);
  r.smin = r.smax = s64(v);
  r.umin = r.umax = v;
  r.s32min = r.s32max = s32(v);
  r.u32min = r.u32max = u32(v);
}

export function updateRegBounds(r: Reg): void {
  updateReg32Bounds(r);
  updateReg64Bounds(r);
}

function reg32DeduceBounds(r: Reg): void {
  if (r.umin >> 32n === r.umax >> 32n) {
    r.u32min = max(r.u32min, u32(r.umin));
    r.u32max = min(r.u32max, u32(r.umax));
    if (s32(r.umin) <= s32(r.umax)) {
      r.s32min = max(r.s32min, s32(r.umin));
      r.s32max = min(r.s32max, s32(r.umax));
    }
  }
  if (r.smin >> 32n === r.smax >> 32n) {
    if (u32(r.smin) <= u32(r.smax)) {
      r.u32min = max(r.u32min, u32(r.smin));
      r.u32max = min(r.u32max, u32(r.smax));
    }
    if (s32(r.smin) <= s32(r.smax)) {
      r.s32min = max(r.s32min, s32(r.smin));
      r.s32max = min(r.s32max, s32(r.smax));
    }
  }
  if (u32(u32(r.umin >> 32n) + 1n) === u32(r.umax >> 32n) && s32(r.umin) < 0n && s32(r.umax) >= 0n) {
    r.s32min = max(r.s32min, s32(r.umin));
    r.s32max = min(r.s32max, s32(r.umax));
  }
  if (u32(u32(u64(r.smin) >> 32n) + 1n) === u32(u64(r.smax) >> 32n) && s32(r.smin) < 0n && s32(r.smax) >= 0n) {
    r.s32min = max(r.s32min, s32(r.smin));
    r.s32max = min(r.s32max, s32(r.smax));
  }
  if (s32(r.u32min) <= s32(r.u32max)) {
    r.s32min = max(r.s32min, s32(r.u32min));
    r.s32max = min(r.s32max, s32(r.u32max));
  }
  if (u32(r.s32min) <= u32(r.s32max)) {
    r.u32min = max(u32(r.s32min), r.u32min);
    r.u32max = min(u32(r.s32max), r.u32max);
  }
}

function reg64DeduceBounds(r: Reg): void {
  if (s64(r.umin) <= s64(r.umax)) {
    r.smin = max(r.smin, s64(r.umin));
    r.smax = min(r.smax, s64(r.umax));
  }
  if (u64(r.smin) <= u64(r.smax)) {
    r.umin = max(u64(r.smin), r.umin);
    r.umax = min(u64(r.smax), r.umax);
  } else if (r.umax < u64(r.smin)) {
    // The s64 range wraps the sign boundary; the u64 range touches only its non-negative end.
    r.smin = s64(r.umin);
    r.umax = min(r.umax, u64(r.smax));
  } else if (u64(r.smax) < r.umin) {
    r.smax = s64(r.umax);
    r.umin = max(r.umin, u64(r.smin));
  }
}

function regDeduceMixedBounds(r: Reg): void {
  const HI = U64_MAX ^ U32_MAX;
  const newUmin = (r.umin & HI) | r.u32min;
  const newUmax = (r.umax & HI) | r.u32max;
  r.umin = max(r.umin, newUmin);
  r.umax = min(r.umax, newUmax);
  const newSmin = s64((u64(r.smin) & HI) | r.u32min);
  const newSmax = s64((u64(r.smax) & HI) | r.u32max);
  r.smin = max(r.smin, newSmin);
  r.smax = min(r.smax, newSmax);
  if (r.s32min >= 0n && r.smin >= S32_MIN && r.smax <= S32_MAX) {
    r.smin = r.s32min;
    r.smax = r.s32max;
    r.umin = r.s32min;
    r.umax = r.s32max;
    r.varOff = tnumIntersect(r.varOff, tnumRange(r.smin, r.smax));
  }
}

function regDeduceBounds(r: Reg): void {
  reg32DeduceBounds(r);
  reg64DeduceBounds(r);
  regDeduceMixedBounds(r);
}

function regBoundOffset(r: Reg): void {
  const var64 = tnumIntersect(r.varOff, tnumRange(r.umin, r.umax));
  const var32 = tnumIntersect(tnumSubreg(var64), tnumRange(r.u32min, r.u32max));
  r.varOff = tnumOr(tnumClearSubreg(var64), var32);
}

export function regBoundsSync(r: Reg): void {
  updateRegBounds(r);
  regDeduceBounds(r);
  regDeduceBounds(r);
  regBoundOffset(r);
  updateRegBounds(r);
}

/** True when the bounds contradict each other (a dead branch). */
export function boundsInvalid(r: Reg): boolean {
  return r.umin > r.umax || r.smin > r.smax || r.u32min > r.u32max || r.s32min > r.s32max
    || !tnumInRange(r);
}

function tnumInRange(r: Reg): boolean {
  // The tnum's minimum must not exceed umax and its maximum not be below umin.
  return r.varOff.value <= r.umax && (r.varOff.value | r.varOff.mask) >= r.umin;
}

/** `__reg_assign_32_into_64` after a 32-bit operation (the upper half becomes zero). */
export function zext32To64(r: Reg): void {
  r.varOff = tnumSubreg(r.varOff);
  r.umin = r.u32min;
  r.umax = r.u32max;
  if (r.s32min >= 0n && r.s32max >= 0n) {
    r.smin = r.s32min;
    r.smax = r.s32max;
  } else {
    r.smin = 0n;
    r.smax = U32_MAX;
  }
}

/** `coerce_reg_to_size`: zero-extending truncation to `size` bytes (narrow loads). */
export function coerceRegToSize(r: Reg, size: number): void {
  r.varOff = tnumCast(r.varOff, size);
  const mask = (1n << BigInt(size * 8)) - 1n;
  if ((r.umin & ~mask) === (r.umax & ~mask)) {
    r.umin &= mask;
    r.umax &= mask;
  } else {
    r.umin = 0n;
    r.umax = mask;
  }
  r.smin = r.umin;
  r.smax = r.umax;
  // Narrower than 32 bits: the subregister bounds are re-derived from the 64-bit ones.
  if (size < 4) markUnbounded32(r);
  regBoundsSync(r);
}

/** Bits needed for the largest value (`get_reg_width`). */
export function regWidth(r: Reg): number {
  return r.umax === 0n ? 0 : r.umax.toString(2).length;
}

const sext = (x: bigint, size: number): bigint => BigInt.asIntN(size * 8, x);

/** `coerce_reg_to_size_sx`: sign-extending truncation (movsx and sign-extending loads). */
export function coerceRegToSizeSx(r: Reg, size: number): void {
  const bits = BigInt(size * 8);
  if (tnumIsConst(r.varOff)) {
    const v = u64(sext(r.varOff.value, size));
    r.varOff = tnumConst(v);
    r.smin = r.smax = s64(v);
    r.umin = r.umax = v;
    r.s32min = r.s32max = s32(v);
    r.u32min = r.u32max = u32(v);
    return;
  }
  const topSmax = (u64(r.smax) >> bits) << bits;
  const topSmin = (u64(r.smin) >> bits) << bits;
  if (topSmax === topSmin) {
    const a = sext(u64(r.smax), size);
    const b = sext(u64(r.smin), size);
    const hi = max(a, b);
    const lo = min(a, b);
    if ((hi >= 0n) === (lo >= 0n)) {
      r.smin = lo; r.s32min = s32(lo);
      r.smax = hi; r.s32max = s32(hi);
      r.umin = u64(lo); r.u32min = u32(lo);
      r.umax = u64(hi); r.u32max = u32(hi);
      r.varOff = tnumRange(u64(lo), u64(hi));
      return;
    }
  }
  r.smin = r.s32min = -(1n << (bits - 1n));
  r.smax = r.s32max = (1n << (bits - 1n)) - 1n;
  r.umin = r.u32min = 0n;
  r.umax = U64_MAX;
  r.u32max = U32_MAX;
  r.varOff = TNUM_UNKNOWN;
}

/** `coerce_subreg_to_size_sx` for `w1 = (s8)w2`. */
export function coerceSubregToSizeSx(r: Reg, size: number): void {
  const bits = BigInt(size * 8);
  if (tnumIsConst(r.varOff)) {
    const v = u64(sext(r.varOff.value, size));
    r.varOff = tnumConst(v);
    r.s32min = r.s32max = s32(v);
    r.u32min = r.u32max = u32(v);
    return;
  }
  const topSmax = (u32(r.s32max) >> bits) << bits;
  const topSmin = (u32(r.s32min) >> bits) << bits;
  if (topSmax === topSmin) {
    const a = sext(u32(r.s32max), size);
    const b = sext(u32(r.s32min), size);
    const hi = max(a, b);
    const lo = min(a, b);
    if ((lo >= 0n) === (hi >= 0n)) {
      r.s32min = lo; r.s32max = hi;
      r.u32min = u32(lo); r.u32max = u32(hi);
      r.varOff = tnumSubreg(tnumRange(u64(lo), u64(hi)));
      return;
    }
  }
  r.s32min = -(1n << (bits - 1n));
  r.s32max = (1n << (bits - 1n)) - 1n;
  r.u32min = 0n;
  r.u32max = U32_MAX;
  r.varOff = tnumSubreg(TNUM_UNKNOWN);
}
