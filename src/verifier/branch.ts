/**
 * Conditional jumps over scalars: deciding a branch statically (`is_branch_taken`) and narrowing
 * both operands on each side (`regs_refine_cond_op`).
 */
import { Flag, type Reg, markUnbounded, s32, u32, u64 } from './reg.js';
import { U64_MAX, tnumAnd, tnumConst, tnumIntersect, tnumIsConst, tnumOr, tnumSubreg, tnumSubregIsConst, tnumWithSubreg } from './tnum.js';

export type JmpOpName = 'jeq' | 'jgt' | 'jge' | 'jset' | 'jne' | 'jsgt' | 'jsge' | 'jlt' | 'jle' | 'jslt' | 'jsle' | 'jset_x';

export function flipOpcode(op: JmpOpName): JmpOpName {
  const m: Partial<Record<JmpOpName, JmpOpName>> = { jgt: 'jlt', jlt: 'jgt', jge: 'jle', jle: 'jge', jsgt: 'jslt', jslt: 'jsgt', jsge: 'jsle', jsle: 'jsge' };
  return m[op] ?? op;
}

export function revOpcode(op: JmpOpName): JmpOpName {
  const m: Record<JmpOpName, JmpOpName> = {
    jeq: 'jne', jne: 'jeq', jset: 'jset_x', jset_x: 'jset', jgt: 'jle', jle: 'jgt', jge: 'jlt', jlt: 'jge',
    jsgt: 'jsle', jsle: 'jsgt', jsge: 'jslt', jslt: 'jsge',
  };
  return m[op];
}

const isConstReg = (r: Reg, j32: boolean): boolean => (j32 ? tnumSubregIsConst(r.varOff) : tnumIsConst(r.varOff));
const constVal = (r: Reg, j32: boolean): bigint => (j32 ? tnumSubreg(r.varOff).value : r.varOff.value);
const isPkt = (r: Reg): boolean => r.type === 'pkt' || r.type === 'pkt_meta' || r.type === 'pkt_end';

function regNotNull(r: Reg): boolean {
  if (r.flags & Flag.MAYBE_NULL) return false;
  return r.type === 'sock' || r.type === 'tcp_sock' || r.type === 'map_value' || r.type === 'map_key'
    || r.type === 'sock_common' || r.type === 'mem' || r.type === 'map_ptr'
    || (r.type === 'ptr_' && (r.flags & Flag.TRUSTED) !== 0);
}

function pktBranchTaken(dst: Reg, src: Reg, op: JmpOpName): number {
  let pkt: Reg;
  if (src.type === 'pkt_end') pkt = dst;
  else if (dst.type === 'pkt_end') { pkt = src; op = flipOpcode(op); } else return -1;
  if (pkt.range >= 0) return -1;
  switch (op) {
    case 'jle': case 'jgt':
      if (pkt.range === -2) return op === 'jgt' ? 1 : 0;
      break;
    case 'jlt': case 'jge':
      if (pkt.range === -2 || pkt.range === -1) return op === 'jge' ? 1 : 0;
      break;
  }
  return -1;
}

function scalarBranchTaken(r1: Reg, r2: Reg, op: JmpOpName, j32: boolean): number {
  const t1 = j32 ? tnumSubreg(r1.varOff) : r1.varOff;
  const t2 = j32 ? tnumSubreg(r2.varOff) : r2.varOff;
  const umin1 = j32 ? r1.u32min : r1.umin, umax1 = j32 ? r1.u32max : r1.umax;
  const smin1 = j32 ? r1.s32min : r1.smin, smax1 = j32 ? r1.s32max : r1.smax;
  const umin2 = j32 ? r2.u32min : r2.umin, umax2 = j32 ? r2.u32max : r2.umax;
  const smin2 = j32 ? r2.s32min : r2.smin, smax2 = j32 ? r2.s32max : r2.smax;
  switch (op) {
    case 'jeq':
      if (tnumIsConst(t1) && tnumIsConst(t2)) return t1.value === t2.value ? 1 : 0;
      if (umin1 > umax2 || umax1 < umin2) return 0;
      if (smin1 > smax2 || smax1 < smin2) return 0;
      if (!j32) {
        if (r1.u32min > r2.u32max || r1.u32max < r2.u32min) return 0;
        if (r1.s32min > r2.s32max || r1.s32max < r2.s32min) return 0;
      }
      break;
    case 'jne':
      if (tnumIsConst(t1) && tnumIsConst(t2)) return t1.value !== t2.value ? 1 : 0;
      if (umin1 > umax2 || umax1 < umin2) return 1;
      if (smin1 > smax2 || smax1 < smin2) return 1;
      if (!j32) {
        if (r1.u32min > r2.u32max || r1.u32max < r2.u32min) return 1;
        if (r1.s32min > r2.s32max || r1.s32max < r2.s32min) return 1;
      }
      break;
    case 'jset': {
      let a = t1, b = t2, ra = r1, rb = r2;
      if (!isConstReg(rb, j32)) { [a, b] = [b, a]; [ra, rb] = [rb, ra]; }
      if (!isConstReg(rb, j32)) return -1;
      if ((~a.mask & a.value) & b.value) return 1;
      if (!((a.mask | a.value) & b.value)) return 0;
      break;
    }
    case 'jgt': if (umin1 > umax2) return 1; if (umax1 <= umin2) return 0; break;
    case 'jsgt': if (smin1 > smax2) return 1; if (smax1 <= smin2) return 0; break;
    case 'jlt': if (umax1 < umin2) return 1; if (umin1 >= umax2) return 0; break;
    case 'jslt': if (smax1 < smin2) return 1; if (smin1 >= smax2) return 0; break;
    case 'jge': if (umin1 >= umax2) return 1; if (umax1 < umin2) return 0; break;
    case 'jsge': if (smin1 >= smax2) return 1; if (smax1 < smin2) return 0; break;
    case 'jle': if (umax1 <= umin2) return 1; if (umin1 > umax2) return 0; break;
    case 'jsle': if (smax1 <= smin2) return 1; if (smin1 > smax2) return 0; break;
    default: break;
  }
  return -1;
}

/** 1: always taken, 0: never taken, -1: unknown. */
export function isBranchTaken(r1: Reg, r2: Reg, op: JmpOpName, j32: boolean): number {
  if (isPkt(r1) && isPkt(r2) && !j32) return pktBranchTaken(r1, r2, op);
  if (r1.type !== 'scalar' || r2.type !== 'scalar') {
    if (!isConstReg(r2, j32)) {
      op = flipOpcode(op);
      [r1, r2] = [r2, r1];
    }
    if (!isConstReg(r2, j32) || r2.type !== 'scalar') return -1;
    if (!regNotNull(r1)) return -1;
    if (constVal(r2, j32) !== 0n) return -1;
    if (op === 'jeq') return 0;
    if (op === 'jne') return 1;
    return -1;
  }
  return scalarBranchTaken(r1, r2, op, j32);
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const isPow2 = (v: bigint): boolean => v !== 0n && (v & (v - 1n)) === 0n;

/** Narrows reg1/reg2 assuming `reg1 op reg2` holds. */
export function regsRefineCondOp(reg1: Reg, reg2: Reg, op: JmpOpName, j32: boolean): void {
  if (op === 'jge' || op === 'jgt' || op === 'jsge' || op === 'jsgt') {
    op = flipOpcode(op);
    [reg1, reg2] = [reg2, reg1];
  }
  switch (op) {
    case 'jeq':
      if (j32) {
        reg1.u32min = max(reg1.u32min, reg2.u32min);
        reg1.u32max = min(reg1.u32max, reg2.u32max);
        reg1.s32min = max(reg1.s32min, reg2.s32min);
        reg1.s32max = min(reg1.s32max, reg2.s32max);
        reg2.u32min = reg1.u32min; reg2.u32max = reg1.u32max;
        reg2.s32min = reg1.s32min; reg2.s32max = reg1.s32max;
        const t = tnumIntersect(tnumSubreg(reg1.varOff), tnumSubreg(reg2.varOff));
        reg1.varOff = tnumWithSubreg(reg1.varOff, t);
        reg2.varOff = tnumWithSubreg(reg2.varOff, t);
      } else {
        reg1.umin = max(reg1.umin, reg2.umin);
        reg1.umax = min(reg1.umax, reg2.umax);
        reg1.smin = max(reg1.smin, reg2.smin);
        reg1.smax = min(reg1.smax, reg2.smax);
        reg2.umin = reg1.umin; reg2.umax = reg1.umax;
        reg2.smin = reg1.smin; reg2.smax = reg1.smax;
        reg1.varOff = tnumIntersect(reg1.varOff, reg2.varOff);
        reg2.varOff = reg1.varOff;
      }
      break;
    case 'jne': {
      if (!isConstReg(reg2, j32)) [reg1, reg2] = [reg2, reg1];
      if (!isConstReg(reg2, j32)) break;
      const val = constVal(reg2, j32);
      if (j32) {
        if (reg1.u32min === u32(val)) reg1.u32min++;
        if (reg1.u32max === u32(val)) reg1.u32max--;
        if (reg1.s32min === s32(val)) reg1.s32min++;
        if (reg1.s32max === s32(val)) reg1.s32max--;
      } else {
        if (reg1.umin === val) reg1.umin++;
        if (reg1.umax === val) reg1.umax--;
        if (reg1.smin === BigInt.asIntN(64, val)) reg1.smin++;
        if (reg1.smax === BigInt.asIntN(64, val)) reg1.smax--;
      }
      break;
    }
    case 'jset': {
      if (!isConstReg(reg2, j32)) [reg1, reg2] = [reg2, reg1];
      if (!isConstReg(reg2, j32)) break;
      const val = constVal(reg2, j32);
      if (!isPow2(val)) break;
      if (j32) reg1.varOff = tnumWithSubreg(reg1.varOff, tnumOr(tnumSubreg(reg1.varOff), tnumConst(val)));
      else reg1.varOff = tnumOr(reg1.varOff, tnumConst(val));
      break;
    }
    case 'jset_x': {
      if (!isConstReg(reg2, j32)) [reg1, reg2] = [reg2, reg1];
      if (!isConstReg(reg2, j32)) break;
      const val = constVal(reg2, j32);
      markUnbounded(reg1);
      if (j32) reg1.varOff = tnumWithSubreg(reg1.varOff, tnumAnd(tnumSubreg(reg1.varOff), tnumConst(u64(~val))));
      else reg1.varOff = tnumAnd(reg1.varOff, tnumConst(~val & U64_MAX));
      break;
    }
    case 'jle':
      if (j32) {
        reg1.u32max = min(reg1.u32max, reg2.u32max);
        reg2.u32min = max(reg1.u32min, reg2.u32min);
      } else {
        reg1.umax = min(reg1.umax, reg2.umax);
        reg2.umin = max(reg1.umin, reg2.umin);
      }
      break;
    case 'jlt':
      if (j32) {
        reg1.u32max = min(reg1.u32max, u32(reg2.u32max - 1n));
        reg2.u32min = max(u32(reg1.u32min + 1n), reg2.u32min);
      } else {
        reg1.umax = min(reg1.umax, u64(reg2.umax - 1n));
        reg2.umin = max(u64(reg1.umin + 1n), reg2.umin);
      }
      break;
    case 'jsle':
      if (j32) {
        reg1.s32max = min(reg1.s32max, reg2.s32max);
        reg2.s32min = max(reg1.s32min, reg2.s32min);
      } else {
        reg1.smax = min(reg1.smax, reg2.smax);
        reg2.smin = max(reg1.smin, reg2.smin);
      }
      break;
    case 'jslt':
      if (j32) {
        reg1.s32max = min(reg1.s32max, s32(reg2.s32max - 1n));
        reg2.s32min = max(s32(reg1.s32min + 1n), reg2.s32min);
      } else {
        reg1.smax = min(reg1.smax, BigInt.asIntN(64, reg2.smax - 1n));
        reg2.smin = max(BigInt.asIntN(64, reg1.smin + 1n), reg2.smin);
      }
      break;
    default:
      break;
  }
}
