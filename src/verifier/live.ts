/**
 * Static register liveness (`compute_live_registers`, Linux 6.15+): for each instruction, the set
 * of registers whose value may be read before being overwritten. Dead registers are ignored when
 * states are compared, and the level-2 log prints the table.
 */
import type { Slots } from './cfg.js';
import { HELPER_PROTOS } from './protos.js';

const CALLER_SAVED = 0x3f;

function useDef(p: Slots, i: number): { use: number; def: number } {
  const insn = p.code[i]!;
  const cls = insn.code & 7;
  const mode = insn.code & 0xe0;
  const op = insn.code & 0xf0;
  const src = 1 << insn.src;
  const dst = 1 << insn.dst;
  switch (cls) {
    case 0x00:
      if (mode === 0x00 && (insn.code & 0x18) === 0x18) return { def: dst, use: 0 };
      return { def: 0, use: 0xffff };
    case 0x01:
      if (mode === 0x60 || mode === 0x80) return { def: dst, use: src };
      return { def: 0, use: 0xffff };
    case 0x02:
      if (mode === 0x60) return { def: 0, use: dst };
      return { def: 0, use: 0xffff };
    case 0x03:
      if (mode === 0x60) return { def: 0, use: dst | src };
      if (mode === 0xc0) {
        if (insn.imm === 0xf1) return { use: 1 | dst | src, def: 1 };
        if (insn.imm === 0x100) return { def: dst, use: src };
        if (insn.imm === 0x110) return { def: 0, use: dst | src };
        return { use: dst | src, def: insn.imm & 1 ? src : 0 };
      }
      return { def: 0, use: 0xffff };
    case 0x04: case 0x07:
      if (op === 0xd0) return { use: dst, def: dst };
      if (op === 0xb0) return { def: dst, use: insn.code & 8 ? src : 0 };
      return { def: dst, use: insn.code & 8 ? dst | src : dst };
    default: {
      if (op === 0x00 || op === 0xe0) return { def: 0, use: 0 };
      if (op === 0x90) return { def: 0, use: 1 };
      if (op === 0x80) {
        let use = CALLER_SAVED & ~1;
        if (insn.src === 0) {
          const proto = HELPER_PROTOS.get(insn.imm);
          if (proto) use = ((1 << (proto.args.length + 1)) - 1) & ~1;
        }
        return { def: CALLER_SAVED, use };
      }
      return { def: 0, use: insn.code & 8 ? dst | src : dst };
    }
  }
}

function successors(p: Slots, i: number): number[] {
  const insn = p.code[i]!;
  const cls = insn.code & 7;
  const size = p.wide[i] ? 2 : 1;
  if (cls !== 0x05 && cls !== 0x06) return [i + size];
  const op = insn.code & 0xf0;
  if (op === 0x90) return [];
  if (op === 0x80) return [i + 1];
  if (op === 0x00) return [i + (cls === 0x05 ? insn.off : insn.imm) + 1];
  return [i + 1, i + insn.off + 1];
}

/** live[i]: registers live before slot i (bit r = register r). */
export function computeLiveRegs(p: Slots): Uint16Array {
  const n = p.count;
  const use = new Uint16Array(n);
  const def = new Uint16Array(n);
  const live = new Uint16Array(n);
  const succ: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && p.wide[i - 1]) { succ.push([]); continue; }
    const ud = useDef(p, i);
    use[i] = ud.use;
    def[i] = ud.def;
    succ.push(successors(p, i).filter((s) => s >= 0 && s < n));
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      if (i > 0 && p.wide[i - 1]) continue;
      let out = 0;
      for (const s of succ[i]!) out |= live[s]!;
      const inn = (use[i]! | (out & ~def[i]!)) & 0xffff;
      if (inn !== live[i]) {
        live[i] = inn;
        changed = true;
      }
    }
  }
  return live;
}

const ALL_SLOTS = (1n << 64n) - 1n;

/** Helper argument kinds through which a helper may read the stack (`check_helper_mem_access` and kin). */
const READS_MEMORY: ReadonlySet<string> = new Set([
  'map_key', 'map_value', 'map_value_or_null', 'mem_ro', 'mem_ro_or_null', 'mem_rw', 'mem_uninit',
  'mem_uninit_map_value', 'stack_or_null', 'spin_lock', 'const_str', 'ringbuf_mem_release',
]);

/** Bits for the 8-byte slots that [off, off+size) below fp touches (slot i covers fp-8(i+1)..fp-8i-1). */
function slotBits(off: number, size: number): bigint {
  let bits = 0n;
  for (let a = off; a < off + size; a++) {
    if (a >= 0 || a < -512) continue;
    bits |= 1n << BigInt(Math.floor((-a - 1) / 8));
  }
  return bits;
}

/**
 * Static stack liveness, a conservative cousin of the kernel's liveness.c: liveStack[i] has a bit
 * per stack slot that may be read before being fully overwritten after instruction i is reached.
 * Accesses through registers other than r10 and calls (whose arguments may point into the stack)
 * count as reading every slot.
 */
export function computeLiveStack(p: Slots, maps: readonly { keySize: number; valueSize: number }[] = []): BigUint64Array {
  const n = p.count;
  const fp = fpOffsets(p);
  const known = knownValues(p);
  const use: bigint[] = new Array(n).fill(0n);
  const def: bigint[] = new Array(n).fill(0n);
  const succ: number[][] = [];
  /** Slots an access through `reg` at `off` may touch: exact for fp-derived registers. */
  const through = (i: number, reg: number, off: number, size: number): bigint => {
    if (reg === 10) return slotBits(off, size);
    const base = fp[i]?.[reg];
    if (base === undefined) return 0n;
    if (base === null) return ALL_SLOTS;
    return typeof base === 'number' ? slotBits(base + off, size) : slotBits(base.lo + off, base.hi - base.lo + size);
  };
  for (let i = 0; i < n; i++) {
    if (i > 0 && p.wide[i - 1]) { succ.push([]); continue; }
    const insn = p.code[i]!;
    const cls = insn.code & 7;
    const mode = insn.code & 0xe0;
    const size = [4, 2, 1, 8][(insn.code >> 3) & 3]!;
    if (cls === 0x01) {
      use[i] = through(i, insn.src, insn.off, size);
    } else if (cls === 0x02 || cls === 0x03) {
      if (cls === 0x03 && mode === 0xc0) use[i] = through(i, insn.dst, insn.off, size);
      else if (insn.dst === 10 && size === 8 && insn.off % 8 === 0) def[i] = slotBits(insn.off, 8);
    } else if ((cls === 0x05 || cls === 0x06) && (insn.code & 0xf0) === 0x80) {
      // A helper may read from any stack pointer argument up to the frame pointer.
      let u = 0n;
      const proto = insn.src === 0 ? HELPER_PROTOS.get(insn.imm) : undefined;
      const args = proto ? proto.args.length : 5;
      for (let r = 1; r <= args; r++) {
        // Arguments the helper never dereferences as memory (context, map, scalars) read no slot:
        // the verifier refuses a stack pointer there, so only memory arguments count.
        if (proto && !READS_MEMORY.has(proto.args[r - 1]!)) continue;
        const fact = fp[i]?.[r];
        if (fact === null) u = ALL_SLOTS;
        else if (fact !== undefined) {
          // A range of possible offsets reads from its lowest one up to its highest one's extent.
          const base = typeof fact === 'number' ? fact : fact.lo;
          const spread = typeof fact === 'number' ? 0 : fact.hi - fact.lo;
          // Bytes the helper reads: the map's key/value size, a constant size argument, else up to fp.
          const kind = proto?.args[r - 1];
          const map = known[i]?.[1];
          const sizeArg = known[i]?.[r + 1];
          let size = -base;
          if (kind === 'mem_uninit') size = 0;
          else if (kind === 'map_key' && typeof map === 'object' && maps[map.map]) size = maps[map.map]!.keySize;
          else if (kind === 'map_value' && typeof map === 'object' && maps[map.map]) size = maps[map.map]!.valueSize;
          else if ((kind === 'mem_ro' || kind === 'mem_rw') && typeof sizeArg === 'bigint') size = Number(sizeArg);
          u |= slotBits(base, Math.min(Math.max(size, 0) + spread, -base));
        }
      }
      // bpf-to-bpf calls may read the whole frame through their arguments; kfuncs, like helpers, only
      // through pointer arguments (without a prototype here: each one up to the frame pointer).
      use[i] = insn.src === 1 ? ALL_SLOTS : u;
    }
    succ.push(successors(p, i).filter((s) => s >= 0 && s < n));
  }
  const live = new BigUint64Array(n);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      if (i > 0 && p.wide[i - 1]) continue;
      let out = 0n;
      for (const s of succ[i]!) out |= live[s]!;
      const inn = use[i]! | (out & ~def[i]! & ALL_SLOTS);
      if (inn !== live[i]) {
        live[i] = inn;
        changed = true;
      }
    }
  }
  return live;
}

/**
 * For each instruction, registers r0..r9 known to hold fp + constant on every path reaching it
 * (number), not a stack pointer for sure (undefined), or possibly one at an unknown offset (null).
 */
/**
 * A forward "must" analysis over the instructions: facts start unknown at the entry and at every
 * local-call target (arguments never point into the callee's frame), `transfer` updates a copy of
 * the facts per instruction, and facts that differ on two incoming paths meet with `meet`.
 */
function forwardFacts<T>(
  p: Slots, width: number, transfer: (f: T[], i: number) => void,
  meet: (a: T, b: T) => T, same: (a: T, b: T) => boolean, unknown: T,
): (T[] | undefined)[] {
  const n = p.count;
  const facts: (T[] | undefined)[] = new Array(n);
  const work: number[] = [0];
  facts[0] = new Array<T>(width).fill(unknown);
  for (let i = 0; i < n; i++) {
    const insn = p.code[i]!;
    if (insn.code === 0x85 && insn.src === 1) {
      const t = i + insn.imm + 1;
      if (t >= 0 && t < n && !facts[t]) { facts[t] = new Array<T>(width).fill(unknown); work.push(t); }
    }
  }
  while (work.length) {
    const i = work.pop()!;
    const f = facts[i]!.slice();
    transfer(f, i);
    for (const s of successors(p, i)) {
      if (s < 0 || s >= n) continue;
      const old = facts[s];
      const next = old ? old.map((x, r) => meet(x, f[r]!)) : f;
      if (!old || next.some((x, r) => !same(x, old[r]!))) {
        facts[s] = next;
        work.push(s);
      }
    }
  }
  return facts;
}

/**
 * Frame-pointer offsets: a number (r10 + k on every path), a range of such offsets (paths that
 * differ), null (unknown offset, or a frame pointer on some paths only), undefined (not a frame
 * pointer).
 */
type FpFact = number | { readonly lo: number; readonly hi: number } | null | undefined;

/** Paths meet: equal facts stay, frame-pointer offsets widen to a range within the frame, else unknown. */
function meetFp(x: FpFact, y: FpFact): FpFact {
  if (sameFp(x, y)) return x;
  if (x === undefined || y === undefined || x === null || y === null) return x === undefined && y === undefined ? undefined : null;
  const lo = Math.min(typeof x === 'number' ? x : x.lo, typeof y === 'number' ? y : y.lo);
  const hi = Math.max(typeof x === 'number' ? x : x.hi, typeof y === 'number' ? y : y.hi);
  return lo < -512 || hi > 0 ? null : { lo, hi };
}

function sameFp(x: FpFact, y: FpFact): boolean {
  if (x === y) return true;
  return typeof x === 'object' && typeof y === 'object' && x !== null && y !== null && x.lo === y.lo && x.hi === y.hi;
}

/** fact + k (pointer arithmetic with a constant). */
function addFp(x: FpFact, k: number): FpFact {
  if (typeof x === 'number') return x + k;
  if (x === null || x === undefined) return x;
  return x.lo + k < -512 || x.hi + k > 0 ? null : { lo: x.lo + k, hi: x.hi + k };
}

/** Facts 0..9 are r0..r9; fact 10 + spi is what the 8-byte stack slot spi holds (spilled registers). */
const SLOT_FACT = 10;

function fpOffsets(p: Slots): (FpFact[] | undefined)[] {
  const meet = meetFp;
  /** The fixed stack slot an 8-byte aligned access at fp+off names, if any. */
  const slotAt = (off: number): number | undefined => (off < 0 && off >= -512 && off % 8 === 0 ? -off / 8 - 1 : undefined);
  return forwardFacts<FpFact>(p, SLOT_FACT + 64, (f, i) => {
    const insn = p.code[i]!;
    const cls = insn.code & 7;
    const op = insn.code & 0xf0;
    const set = (r: number, v: FpFact): void => { if (r < 10) f[r] = v; };
    /** The frame-pointer offset a memory access through register r lands at (fact of r + off). */
    const fact = (r: number): FpFact => (r === 10 ? 0 : f[r]);
    const base = fact;
    /** A store of `value` (8 bytes when `full`) at [r + off]: spilled registers are remembered per slot. */
    const store = (r: number, off: number, full: boolean, value: FpFact): void => {
      const b = base(r);
      if (b === undefined) return; // not this frame's stack
      if (b === null || typeof b === 'object') {
        // Somewhere in the stack: any slot may now hold the value.
        for (let s = 0; s < 64; s++) f[SLOT_FACT + s] = meet(f[SLOT_FACT + s], value);
        return;
      }
      const spi = slotAt(b + off);
      if (spi !== undefined && full) f[SLOT_FACT + spi] = value;
      else {
        // A partial write scrubs a spilled register: a later 8-byte fill reads a scalar.
        const size = [4, 2, 1, 8][(insn.code >> 3) & 3]!;
        for (let a = b + off; a < b + off + size; a++) if (a < 0 && a >= -512) f[SLOT_FACT + Math.floor((-a - 1) / 8)] = undefined;
      }
    };
    if (cls === 0x07 || cls === 0x04) {
      if (op === 0xb0 && (insn.code & 8) && cls === 0x07 && insn.off === 0) set(insn.dst, insn.src === 10 ? 0 : f[insn.src]);
      else if (op === 0x00 && !(insn.code & 8) && cls === 0x07) set(insn.dst, addFp(f[insn.dst], insn.imm));
      else if ((op === 0x00 || op === 0x10) && (insn.code & 8) && cls === 0x07 && (f[insn.dst] !== undefined || f[insn.src] !== undefined || insn.src === 10)) set(insn.dst, null);
      else if (f[insn.dst] !== undefined && cls === 0x07 && (op === 0x00 || op === 0x10)) set(insn.dst, null);
      else set(insn.dst, undefined);
    } else if (cls === 0x01) {
      // Only a fill from this frame's stack can yield a frame pointer; other memory holds scalars
      // or other pointer types (the verifier types every load).
      const b = base(insn.src);
      const full = (insn.code & 0x18) === 0x18 && (insn.code & 0xe0) === 0x60;
      if (b === undefined) set(insn.dst, undefined);
      else if (b === null || typeof b === 'object') set(insn.dst, null);
      else {
        const spi = slotAt(b + insn.off);
        set(insn.dst, full && spi !== undefined ? f[SLOT_FACT + spi] : full ? null : undefined);
      }
    } else if (cls === 0x00 && p.wide[i]) {
      set(insn.dst, undefined);
    } else if (cls === 0x00) {
      for (let r = 0; r <= 5; r++) f[r] = undefined;
    } else if (cls === 0x03 && (insn.code & 0xe0) === 0xc0) {
      if (insn.imm & 1) set(insn.imm === 0xf1 ? 0 : insn.src, null);
      store(insn.dst, insn.off, false, undefined);
    } else if (cls === 0x03) {
      store(insn.dst, insn.off, (insn.code & 0x18) === 0x18, fact(insn.src));
    } else if (cls === 0x02) {
      store(insn.dst, insn.off, false, undefined);
    } else if ((cls === 0x05 || cls === 0x06) && op === 0x80) {
      // Neither helpers nor subprograms can return a pointer into this frame.
      for (let r = 0; r <= 5; r++) f[r] = undefined;
      // A subprogram may store through its pointer arguments: what this frame's slots hold is unknown.
      if (insn.src === 1) for (let s = 0; s < 64; s++) f[SLOT_FACT + s] = null;
    }
  }, meet, sameFp, undefined);
}

type Known = bigint | { map: number } | undefined;

/** For each instruction, registers holding a constant on every path (bigint) or a map reference. */
function knownValues(p: Slots): (Known[] | undefined)[] {
  const same = (a: Known, b: Known): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && a.map === b.map);
  return forwardFacts<Known>(p, 11, (f, i) => {
    const insn = p.code[i]!;
    const cls = insn.code & 7;
    const op = insn.code & 0xf0;
    if (cls === 0x07 && op === 0xb0 && !(insn.code & 8)) f[insn.dst] = BigInt(insn.imm);
    else if (cls === 0x04 && op === 0xb0 && !(insn.code & 8)) f[insn.dst] = BigInt(insn.imm >>> 0);
    else if (cls === 0x07 && op === 0xb0 && (insn.code & 8) && insn.off === 0) f[insn.dst] = f[insn.src];
    else if (cls === 0x00 && p.wide[i]) f[insn.dst] = insn.src === 1 ? { map: insn.imm } : undefined;
    else if (cls === 0x00) for (let r = 0; r <= 5; r++) f[r] = undefined;
    else if (cls === 0x04 || cls === 0x07 || cls === 0x01) f[insn.dst] = undefined;
    else if (cls === 0x03 && (insn.code & 0xe0) === 0xc0) { f[insn.src] = undefined; f[0] = undefined; }
    else if ((cls === 0x05 || cls === 0x06) && op === 0x80) for (let r = 0; r <= 5; r++) f[r] = undefined;
  }, (x, y) => (same(x, y) ? x : undefined), same, undefined);
}

/**
 * `compute_scc`: strongly connected components of the instruction graph (Pearce's iterative
 * variant of Tarjan's algorithm, instructions as roots in order, successors as `insn_successors`
 * lists them). scc[i] is the component number of instruction i, from 1 in order of completion, for
 * components of two or more instructions and self-loops; 0 otherwise.
 * The level-2 log prints it before the live registers.
 */
export function computeScc(p: Slots): Int32Array {
  const n = p.count;
  const NOT_ON_STACK = Number.MAX_SAFE_INTEGER;
  const pre = new Float64Array(n);
  const low = new Float64Array(n);
  const scc = new Int32Array(n);
  let nextPre = 1;
  let nextScc = 1;
  const succOf = (w: number): number[] => (w > 0 && p.wide[w - 1] ? [w + 1] : successors(p, w)).filter((x) => x >= 0 && x < n);
  for (let i = 0; i < n; i++) {
    if (pre[i]) continue;
    const stack: number[] = [];
    const dfs: number[] = [i];
    while (dfs.length) {
      const w = dfs[dfs.length - 1]!;
      if (pre[w] === 0) {
        low[w] = pre[w] = nextPre++;
        stack.push(w);
      }
      const succ = succOf(w);
      let descended = false;
      for (const s of succ) {
        if (pre[s]) low[w] = Math.min(low[w]!, low[s]!);
        else {
          dfs.push(s);
          descended = true;
          break;
        }
      }
      if (descended) continue;
      if (low[w]! < pre[w]!) {
        dfs.pop();
        continue;
      }
      const assign = stack[stack.length - 1] !== w || succ.includes(w);
      let t: number;
      do {
        t = stack.pop()!;
        low[t] = NOT_ON_STACK;
        if (assign) scc[t] = nextScc;
      } while (t !== w);
      if (assign) nextScc++;
      dfs.pop();
    }
  }
  return scc;
}
