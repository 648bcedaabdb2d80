/**
 * Scalar transfer functions (`adjust_scalar_min_max_vals` and the `scalar[32]_min_max_*` family):
 * each operation updates the 32- and 64-bit signed/unsigned bounds and the tnum, then
 * `reg_bounds_sync` reconciles them.
 */
import {
  type Reg, S32_MAX, S32_MIN, S64_MAX, S64_MIN, isConst, markKnown, markKnown32, markUnbounded32,
  markUnbounded64, regBoundsSync, s32, s64, u32, u64, updateRegBounds, zext32To64,
} from './reg.js';
import {
  U32_MAX, U64_MAX, tnumAdd, tnumAnd, tnumArshift, tnumIsConst, tnumLshift, tnumMul, tnumNeg, tnumOr,
  tnumRshift, tnumSub, tnumSubreg, tnumSubregIsConst, tnumXor,
} from './tnum.js';

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Shifts need a constant, in-range amount; other supported operations always compute a range. */
export function isSafeToComputeDstRange(op: string, src: Reg, alu64: boolean): boolean {
  const bits = alu64 ? 64n : 32n;
  let srcIsConst: boolean;
  if (!alu64) srcIsConst = tnumSubregIsConst(src.varOff) && src.s32min === src.s32max && src.u32min === src.u32max;
  else srcIsConst = tnumIsConst(src.varOff) && src.smin === src.smax && src.umin === src.umax;
  switch (op) {
    case 'add': case 'sub': case 'neg': case 'and': case 'xor': case 'or': case 'mul':
      return true;
    case 'lsh': case 'rsh': case 'arsh':
      return srcIsConst && src.umax < bits;
    default:
      return false;
  }
}

function add32(dst: Reg, src: Reg): void {
  const smin = dst.s32min + src.s32min;
  const smax = dst.s32max + src.s32max;
  if (smin !== s32(smin) || smax !== s32(smax)) {
    dst.s32min = S32_MIN; dst.s32max = S32_MAX;
  } else {
    dst.s32min = smin; dst.s32max = smax;
  }
  const umin = dst.u32min + src.u32min;
  const umax = dst.u32max + src.u32max;
  const minOverflow = umin > U32_MAX;
  const maxOverflow = umax > U32_MAX;
  if (!minOverflow && maxOverflow) {
    dst.u32min = 0n; dst.u32max = U32_MAX;
  } else {
    dst.u32min = u32(umin); dst.u32max = u32(umax);
  }
}

function add64(dst: Reg, src: Reg): void {
  const smin = dst.smin + src.smin;
  const smax = dst.smax + src.smax;
  if (smin !== s64(smin) || smax !== s64(smax)) {
    dst.smin = S64_MIN; dst.smax = S64_MAX;
  } else {
    dst.smin = smin; dst.smax = smax;
  }
  const umin = dst.umin + src.umin;
  const umax = dst.umax + src.umax;
  const minOverflow = umin > U64_MAX;
  const maxOverflow = umax > U64_MAX;
  if (!minOverflow && maxOverflow) {
    dst.umin = 0n; dst.umax = U64_MAX;
  } else {
    dst.umin = u64(umin); dst.umax = u64(umax);
  }
}

function sub32(dst: Reg, src: Reg): void {
  const smin = dst.s32min - src.s32max;
  const smax = dst.s32max - src.s32min;
  if (smin !== s32(smin) || smax !== s32(smax)) {
    dst.s32min = S32_MIN; dst.s32max = S32_MAX;
  } else {
    dst.s32min = smin; dst.s32max = smax;
  }
  const umin = dst.u32min - src.u32max;
  const umax = dst.u32max - src.u32min;
  const minUnderflow = umin < 0n;
  const maxUnderflow = umax < 0n;
  if (minUnderflow && !maxUnderflow) {
    dst.u32min = 0n; dst.u32max = U32_MAX;
  } else {
    dst.u32min = u32(umin); dst.u32max = u32(umax);
  }
}

function sub64(dst: Reg, src: Reg): void {
  const smin = dst.smin - src.smax;
  const smax = dst.smax - src.smin;
  if (smin !== s64(smin) || smax !== s64(smax)) {
    dst.smin = S64_MIN; dst.smax = S64_MAX;
  } else {
    dst.smin = smin; dst.smax = smax;
  }
  const umin = dst.umin - src.umax;
  const umax = dst.umax - src.umin;
  const minUnderflow = umin < 0n;
  const maxUnderflow = umax < 0n;
  if (minUnderflow && !maxUnderflow) {
    dst.umin = 0n; dst.umax = U64_MAX;
  } else {
    dst.umin = u64(umin); dst.umax = u64(umax);
  }
}

function mul32(dst: Reg, src: Reg): void {
  const umax = dst.u32max * src.u32max;
  const umin = dst.u32min * src.u32min;
  if (umax > U32_MAX || umin > U32_MAX) {
    dst.u32min = 0n; dst.u32max = U32_MAX;
  } else {
    dst.u32min = umin; dst.u32max = umax;
  }
  const prods = [dst.s32min * src.s32min, dst.s32min * src.s32max, dst.s32max * src.s32min, dst.s32max * src.s32max];
  if (prods.some((p) => p !== s32(p))) {
    dst.s32min = S32_MIN; dst.s32max = S32_MAX;
  } else {
    dst.s32min = prods.reduce(min);
    dst.s32max = prods.reduce(max);
  }
}

function mul64(dst: Reg, src: Reg): void {
  const umax = dst.umax * src.umax;
  const umin = dst.umin * src.umin;
  if (umax > U64_MAX || umin > U64_MAX) {
    dst.umin = 0n; dst.umax = U64_MAX;
  } else {
    dst.umin = umin; dst.umax = umax;
  }
  const prods = [dst.smin * src.smin, dst.smin * src.smax, dst.smax * src.smin, dst.smax * src.smax];
  if (prods.some((p) => p !== s64(p))) {
    dst.smin = S64_MIN; dst.smax = S64_MAX;
  } else {
    dst.smin = prods.reduce(min);
    dst.smax = prods.reduce(max);
  }
}

/** After AND/OR/XOR the signed range equals the unsigned one unless it crosses the sign bit. */
function signedFromUnsigned32(dst: Reg): void {
  if (s32(dst.u32min) <= s32(dst.u32max)) {
    dst.s32min = s32(dst.u32min); dst.s32max = s32(dst.u32max);
  } else {
    dst.s32min = S32_MIN; dst.s32max = S32_MAX;
  }
}

function signedFromUnsigned64(dst: Reg): void {
  if (s64(dst.umin) <= s64(dst.umax)) {
    dst.smin = s64(dst.umin); dst.smax = s64(dst.umax);
  } else {
    dst.smin = S64_MIN; dst.smax = S64_MAX;
  }
}

function and32(dst: Reg, src: Reg): void {
  const v = tnumSubreg(dst.varOff);
  if (tnumSubregIsConst(src.varOff) && tnumSubregIsConst(dst.varOff)) {
    markKnown32(dst, v.value);
    return;
  }
  dst.u32min = v.value;
  dst.u32max = min(dst.u32max, src.u32max);
  signedFromUnsigned32(dst);
}

function and64(dst: Reg, src: Reg): void {
  if (tnumIsConst(src.varOff) && tnumIsConst(dst.varOff)) {
    markKnown(dst, dst.varOff.value);
    return;
  }
  dst.umin = dst.varOff.value;
  dst.umax = min(dst.umax, src.umax);
  signedFromUnsigned64(dst);
  updateRegBounds(dst);
}

function or32(dst: Reg, src: Reg): void {
  const v = tnumSubreg(dst.varOff);
  if (tnumSubregIsConst(src.varOff) && tnumSubregIsConst(dst.varOff)) {
    markKnown32(dst, v.value);
    return;
  }
  dst.u32min = max(dst.u32min, src.u32min);
  dst.u32max = v.value | v.mask;
  signedFromUnsigned32(dst);
}

function or64(dst: Reg, src: Reg): void {
  if (tnumIsConst(src.varOff) && tnumIsConst(dst.varOff)) {
    markKnown(dst, dst.varOff.value);
    return;
  }
  dst.umin = max(dst.umin, src.umin);
  dst.umax = dst.varOff.value | dst.varOff.mask;
  signedFromUnsigned64(dst);
  updateRegBounds(dst);
}

function xor32(dst: Reg, src: Reg): void {
  const v = tnumSubreg(dst.varOff);
  if (tnumSubregIsConst(src.varOff) && tnumSubregIsConst(dst.varOff)) {
    markKnown32(dst, v.value);
    return;
  }
  dst.u32min = v.value;
  dst.u32max = v.value | v.mask;
  signedFromUnsigned32(dst);
}

function xor64(dst: Reg, src: Reg): void {
  if (tnumIsConst(src.varOff) && tnumIsConst(dst.varOff)) {
    markKnown(dst, dst.varOff.value);
    return;
  }
  dst.umin = dst.varOff.value;
  dst.umax = dst.varOff.value | dst.varOff.mask;
  signedFromUnsigned64(dst);
  updateRegBounds(dst);
}

function lsh32Bounds(dst: Reg, uminVal: bigint, umaxVal: bigint): void {
  dst.s32min = S32_MIN; dst.s32max = S32_MAX;
  if (umaxVal > 31n || dst.u32max > 1n << (31n - umaxVal)) {
    dst.u32min = 0n; dst.u32max = U32_MAX;
  } else {
    dst.u32min = u32(dst.u32min << uminVal);
    dst.u32max = u32(dst.u32max << umaxVal);
  }
}

function lsh32(dst: Reg, src: Reg): void {
  const subreg = tnumSubreg(dst.varOff);
  lsh32Bounds(dst, src.u32min, src.u32max);
  dst.varOff = tnumSubreg(tnumLshift(subreg, Number(src.u32min)));
  markUnbounded64(dst);
  updateRegBounds(dst);
}

function lsh64(dst: Reg, src: Reg): void {
  const uminVal = src.umin;
  const umaxVal = src.umax;
  if (uminVal === 32n && umaxVal === 32n && dst.s32max >= 0n) dst.smax = dst.s32max << 32n;
  else dst.smax = S64_MAX;
  if (uminVal === 32n && umaxVal === 32n && dst.s32min >= 0n) dst.smin = dst.s32min << 32n;
  else dst.smin = S64_MIN;
  if (dst.umax > 1n << (63n - umaxVal)) {
    dst.umin = 0n; dst.umax = U64_MAX;
  } else {
    dst.umin = u64(dst.umin << uminVal);
    dst.umax = u64(dst.umax << umaxVal);
  }
  lsh32Bounds(dst, uminVal, umaxVal);
  dst.varOff = tnumLshift(dst.varOff, Number(uminVal));
  updateRegBounds(dst);
}

function rsh32(dst: Reg, src: Reg): void {
  const subreg = tnumSubreg(dst.varOff);
  dst.s32min = S32_MIN; dst.s32max = S32_MAX;
  dst.varOff = tnumRshift(subreg, Number(src.u32min));
  dst.u32min = dst.u32min >> src.u32max;
  dst.u32max = dst.u32max >> src.u32min;
  markUnbounded64(dst);
  updateRegBounds(dst);
}

function rsh64(dst: Reg, src: Reg): void {
  dst.smin = S64_MIN; dst.smax = S64_MAX;
  dst.varOff = tnumRshift(dst.varOff, Number(src.umin));
  dst.umin = dst.umin >> src.umax;
  dst.umax = dst.umax >> src.umin;
  markUnbounded32(dst);
  updateRegBounds(dst);
}

function arsh32(dst: Reg, src: Reg): void {
  const s = src.u32min;
  dst.s32min = s32(dst.s32min >> s);
  dst.s32max = s32(dst.s32max >> s);
  dst.varOff = tnumArshift(tnumSubreg(dst.varOff), Number(s), 32);
  dst.u32min = 0n; dst.u32max = U32_MAX;
  markUnbounded64(dst);
  updateRegBounds(dst);
}

function arsh64(dst: Reg, src: Reg): void {
  const s = src.umin;
  dst.smin = dst.smin >> s;
  dst.smax = dst.smax >> s;
  dst.varOff = tnumArshift(dst.varOff, Number(s), 64);
  dst.umin = 0n; dst.umax = U64_MAX;
  markUnbounded32(dst);
  updateRegBounds(dst);
}

/** `scalar32_min_max_add` + `scalar_min_max_add` + tnum add, as `sync_linked_regs` applies a delta. */
export function addConstBounds(dst: Reg, src: Reg): void {
  add32(dst, src);
  add64(dst, src);
  dst.varOff = tnumAdd(dst.varOff, src.varOff);
}

/** `adjust_scalar_min_max_vals` for scalar dst and scalar src (src is a private copy). */
export function adjustScalar(dst: Reg, src: Reg, op: string, alu64: boolean): void {
  if (!isSafeToComputeDstRange(op, src, alu64)) {
    const id = dst.id;
    void id;
    Object.assign(dst, { ...dst });
    markUnknownKeep(dst);
    return;
  }
  switch (op) {
    case 'add':
      add32(dst, src); add64(dst, src);
      dst.varOff = tnumAdd(dst.varOff, src.varOff);
      break;
    case 'sub':
      sub32(dst, src); sub64(dst, src);
      dst.varOff = tnumSub(dst.varOff, src.varOff);
      break;
    case 'neg': {
      const old = { ...dst };
      markKnown(dst, 0n);
      dst.type = 'scalar';
      sub32(dst, old); sub64(dst, old);
      dst.varOff = tnumNeg(old.varOff);
      break;
    }
    case 'mul':
      dst.varOff = tnumMul(dst.varOff, src.varOff);
      mul32(dst, src); mul64(dst, src);
      break;
    case 'and':
      dst.varOff = tnumAnd(dst.varOff, src.varOff);
      and32(dst, src); and64(dst, src);
      break;
    case 'or':
      dst.varOff = tnumOr(dst.varOff, src.varOff);
      or32(dst, src); or64(dst, src);
      break;
    case 'xor':
      dst.varOff = tnumXor(dst.varOff, src.varOff);
      xor32(dst, src); xor64(dst, src);
      break;
    case 'lsh':
      if (alu64) lsh64(dst, src); else lsh32(dst, src);
      break;
    case 'rsh':
      if (alu64) rsh64(dst, src); else rsh32(dst, src);
      break;
    case 'arsh':
      if (alu64) arsh64(dst, src); else arsh32(dst, src);
      break;
  }
  if (!alu64) zext32To64(dst);
  regBoundsSync(dst);
}

function markUnknownKeep(r: Reg): void {
  r.varOff = { value: 0n, mask: U64_MAX };
  r.id = 0;
  r.off = 0;
  r.precise = false;
  markUnbounded64(r);
  markUnbounded32(r);
}

export { isConst };
