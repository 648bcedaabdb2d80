/**
 * State equivalence for pruning (`states_equal`, `regsafe`, `stacksafe`, `refsafe`): an explored
 * state that was proven safe covers the current one when every live register and stack slot of
 * the old state is at least as general as the current one.
 */
import { ADD_CONST, type Reg } from './reg.js';
import { REG_SIZE, Slot, type FuncState, type StackSlot, type VerifierState, isSpilledReg } from './state.js';
import { tnumIn } from './tnum.js';

const TREAT_ALL_SCALARS_PRECISE = false;
const ALL = (1n << 64n) - 1n;

export type Exactness = 'not_exact' | 'exact' | 'range_within';

class IdMap {
  /** Pairs (old id, current id) as flat arrays, reused across comparisons (`reset`). */
  private olds: number[] = [];
  private curs: number[] = [];
  private tmp = 0x40000000;
  reset(): this {
    this.olds.length = 0;
    this.curs.length = 0;
    this.tmp = 0x40000000;
    return this;
  }
  check(oldId: number, curId: number): boolean {
    if (!!oldId !== !!curId) return false;
    if (oldId === 0) return true;
    for (let i = 0; i < this.olds.length; i++) {
      if (this.olds[i] === oldId) return this.curs[i] === curId;
      if (this.curs[i] === curId) return false;
    }
    this.olds.push(oldId);
    this.curs.push(curId);
    return true;
  }
  checkScalar(oldId: number, curId: number): boolean {
    if (!oldId) return true;
    return this.check(oldId, curId || ++this.tmp);
  }
}

function rangeWithin(o: Reg, c: Reg): boolean {
  return o.umin <= c.umin && c.umax <= o.umax && o.smin <= c.smin && c.smax <= o.smax
    && o.u32min <= c.u32min && c.u32max <= o.u32max && o.s32min <= c.s32min && c.s32max <= o.s32max;
}

function sameFixed(o: Reg, c: Reg): boolean {
  return o.type === c.type && o.flags === c.flags && o.off === c.off && o.map === c.map && o.range === c.range
    && o.memSize === c.memSize && o.subprog === c.subprog && o.btf === c.btf;
}

function regsExact(o: Reg, c: Reg, idmap: IdMap): boolean {
  return sameFixed(o, c) && o.varOff.value === c.varOff.value && o.varOff.mask === c.varOff.mask
    && o.smin === c.smin && o.smax === c.smax && o.umin === c.umin && o.umax === c.umax
    && o.s32min === c.s32min && o.s32max === c.s32max && o.u32min === c.u32min && o.u32max === c.u32max
    && o.frameno === c.frameno && idmap.check(o.id, c.id) && idmap.check(o.refObjId, c.refObjId);
}

function regsafe(o: Reg, c: Reg, idmap: IdMap, exact: Exactness): boolean {
  if (exact === 'exact') return regsExact(o, c, idmap);
  if (o.type === 'not_init') {
    if (exact === 'not_exact' || c.type === 'not_init') return true;
  }
  if (o.type !== c.type || o.flags !== c.flags) return false;
  switch (o.type) {
    case 'scalar':
      if (!o.precise && exact === 'not_exact' && !TREAT_ALL_SCALARS_PRECISE) return true;
      if ((o.id & ADD_CONST) !== (c.id & ADD_CONST)) return false;
      if ((o.id & ADD_CONST) && o.off !== c.off) return false;
      return rangeWithin(o, c) && tnumIn(o.varOff, c.varOff) && idmap.checkScalar(o.id, c.id);
    case 'map_key': case 'map_value': case 'mem': case 'buf': case 'tp_buffer':
      return sameFixed(o, c) && rangeWithin(o, c) && tnumIn(o.varOff, c.varOff)
        && idmap.check(o.id, c.id) && idmap.check(o.refObjId, c.refObjId);
    case 'pkt': case 'pkt_meta':
      if (o.range > c.range) return false;
      if (o.off !== c.off) return false;
      if (!idmap.check(o.id, c.id)) return false;
      return rangeWithin(o, c) && tnumIn(o.varOff, c.varOff);
    case 'fp':
      return regsExact(o, c, idmap) && o.frameno === c.frameno;
    default:
      return regsExact(o, c, idmap);
  }
}

const UNBOUND: Reg = {
  type: 'scalar', flags: 0, off: 0, varOff: { value: 0n, mask: (1n << 64n) - 1n }, smin: -(1n << 63n),
  smax: (1n << 63n) - 1n, umin: 0n, umax: (1n << 64n) - 1n, s32min: -(1n << 31n), s32max: (1n << 31n) - 1n,
  u32min: 0n, u32max: 0xffffffffn, id: 0, refObjId: 0, range: 0, map: undefined, memSize: 0, frameno: 0,
  subprog: 0, btf: undefined, precise: false,
};

function scalarRegForStack(s: StackSlot): Reg | undefined {
  if (s.slotType[0] === Slot.SPILL && s.spilled.type === 'scalar') return s.spilled;
  for (const t of s.slotType) if (t !== Slot.MISC && t !== Slot.INVALID) return undefined;
  return UNBOUND;
}

function stacksafe(o: FuncState, c: FuncState, idmap: IdMap, exact: Exactness, liveSlots: bigint): boolean {
  const isExact = exact === 'exact';
  // The 64 slot liveness bits as two numbers: testing a BigInt bit per slot allocates.
  const liveLo = Number(liveSlots & 0xffffffffn) | 0;
  const liveHi = Number((liveSlots >> 32n) & 0xffffffffn) | 0;
  for (let spi = 0; spi < o.stack.length; spi++) {
    // A slot no continuation reads is as good as invalid (clean_func_state).
    if (!isExact && !(spi < 32 ? (liveLo >>> spi) & 1 : spi < 64 ? (liveHi >>> (spi - 32)) & 1 : 0)) continue;
    const os = o.stack[spi]!;
    const cs = spi < c.stack.length ? c.stack[spi]! : undefined;
    let scalarsCompared = false;
    for (let j = 0; j < REG_SIZE; j++) {
      const ot = os.slotType[j]!;
      if (isExact && (!cs || ot !== cs.slotType[j])) return false;
      if (ot === Slot.INVALID) continue;
      if (ot === Slot.MISC) continue; // allow_uninit_stack
      if (!cs) return false;
      if (!scalarsCompared) {
        scalarsCompared = true;
        const oreg = scalarRegForStack(os);
        const creg = scalarRegForStack(cs);
        if (oreg && creg) {
          if (!regsafe(oreg, creg, idmap, exact)) return false;
          break;
        }
      }
      if (ot !== cs.slotType[j]) return false;
      if (j !== REG_SIZE - 1) continue;
      switch (os.slotType[REG_SIZE - 1]) {
        case Slot.SPILL:
          if (!regsafe(os.spilled, cs.spilled, idmap, exact)) return false;
          break;
        case Slot.MISC: case Slot.ZERO: case Slot.INVALID:
          continue;
        default:
          return false;
      }
    }
  }
  return true;
}

const sharedIdMap = new IdMap();

/** `states_equal`: `live[idx]` is the bitmask of registers live before instruction idx. */
export function statesEqual(old: VerifierState, cur: VerifierState, live: Uint16Array, exact: Exactness, liveStack?: BigUint64Array): boolean {
  if (old.curframe !== cur.curframe) return false;
  const idmap = sharedIdMap.reset();
  if (old.refs.length !== cur.refs.length) return false;
  for (let i = 0; i < old.refs.length; i++) {
    const o = old.refs[i]!, c = cur.refs[i]!;
    // refsafe: a held lock must be the same lock (same map, ids matching).
    if (!idmap.check(o.id, c.id) || o.lock !== c.lock) return false;
  }
  for (let i = 0; i <= old.curframe; i++) {
    const of = old.frames[i]!;
    const cf = cur.frames[i]!;
    if (of.callsite !== cf.callsite) return false;
    // func_states_equal: a state that already ran more callback iterations covers fewer.
    if (of.callbackDepth > cf.callbackDepth) return false;
    const insnIdx = i === old.curframe ? old.insnIdx : old.frames[i + 1]!.callsite;
    const liveRegs = live[insnIdx] ?? 0xffff;
    for (let r = 0; r < 11; r++) {
      if (!(liveRegs & (1 << r)) && exact !== 'exact') continue;
      if (!regsafe(of.regs[r]!, cf.regs[r]!, idmap, exact)) return false;
    }
    const liveSlots = i === old.curframe && liveStack ? liveStack[insnIdx] ?? ALL : ALL;
    if (!stacksafe(of, cf, idmap, exact, liveSlots)) return false;
  }
  return true;
}

/**
 * `widen_imprecise_scalars`: when a callback returns to its calling instruction, scalars that
 * changed since the previous visit (`old`) and that nothing needed exactly become unknown, so the
 * iterations converge instead of unrolling the whole loop.
 */
export function widenImpreciseScalars(old: VerifierState, cur: VerifierState, widen: (r: Reg) => void): void {
  const idmap = sharedIdMap.reset();
  const maybeWiden = (o: Reg, c: Reg): void => {
    if (o.type !== 'scalar' || c.type !== 'scalar') return;
    if (o.precise || c.precise || regsExact(o, c, idmap)) return;
    widen(c);
  };
  for (let fr = old.curframe; fr >= 0; fr--) {
    const fo = old.frames[fr]!;
    const fc = cur.frames[fr];
    if (!fc) continue;
    for (let i = 0; i < 11; i++) maybeWiden(fo.regs[i]!, fc.regs[i]!);
    for (let i = 0; i < fo.stack.length; i++) {
      const so = fo.stack[i]!, sc = fc.stack[i];
      if (sc && isSpilledReg(so) && isSpilledReg(sc)) maybeWiden(so.spilled, sc.spilled);
    }
  }
}
