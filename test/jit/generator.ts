/**
 * A seeded generator of random valid eBPF programs for differential testing of the interpreter
 * and the JIT: every instruction form of the shared table, forward branches, bounded loops, local
 * calls (and runaway recursion), helper calls, atomics, loads and stores through the stack, the
 * input memory, a read-only region and computed pointers — and deliberate faults: wild pointers,
 * NULL, accesses past a region's end, writes to read-only memory, LD_ABS outside the packet, and
 * small instruction limits that stop a run anywhere.
 *
 * Register discipline (so loops terminate and pointers stay mostly valid): r0–r5 are scratch,
 * r6/r7 are loop counters, r8 is a temporary pointer, r9 holds the input-memory address; r3 holds
 * a read-only region's address at entry, which main saves at [r10 - 512].
 */
import { type Insn, splitImm64 } from '../../src/isa/insn.js';
import { FORMS, type Form } from '../../src/isa/table.js';

/** mulberry32: small, fast, good enough for test generation. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedProgram {
  insns: Insn[];
  mem: Uint8Array;
  /** Instruction limit for the run. */
  limit: number;
  seed: number;
}

type Item = { insn: Insn; label?: string } | { mark: string };

const by = (pred: (f: Form) => boolean): Form[] => FORMS.filter(pred);
const ALU_FORMS = by((f) => ['alu', 'neg', 'movsx', 'end'].includes(f.kind));
const LOAD_FORMS = by((f) => f.kind === 'ldx' || f.kind === 'ldxs');
const STORE_FORMS = by((f) => f.kind === 'st' || f.kind === 'stx');
const ATOMIC_FORMS = by((f) => f.kind === 'atomic');
const JCC_FORMS = by((f) => f.kind === 'jcc');
const PACKET_FORMS = by((f) => f.kind === 'ldabs' || f.kind === 'ldind');
const LDDW = FORMS.find((f) => f.kind === 'lddw' && f.select.src === 0)!;
const EXIT = FORMS.find((f) => f.kind === 'exit')!;
const CALL_HELPER = FORMS.find((f) => f.kind === 'call' && f.op === 'helper')!;
const CALL_LOCAL = FORMS.find((f) => f.kind === 'call' && f.op === 'local')!;
const JA = FORMS.find((f) => f.kind === 'ja')!;
const JA32 = FORMS.find((f) => f.kind === 'ja32')!;
const CALLX = FORMS.find((f) => f.kind === 'callx')!;

const INTERESTING = [0, 1, -1, 2, 7, 8, 31, 32, 33, 63, 64, 0x7fffffff, -0x80000000, 0xff, 0xffff, -2, 3, 13, 100, 4096];

export function generateProgram(seed: number): GeneratedProgram {
  const r = rng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number): boolean => r() < p;
  const imm = (): number => (chance(0.5) ? pick(INTERESTING) : (int(0x100000000) | 0));
  const memLen = 8 + int(120);
  const mem = new Uint8Array(memLen);
  for (let i = 0; i < memLen; i++) mem[i] = int(256);

  const funcCount = 1 + (chance(0.5) ? int(3) : 0);
  const funcs: Item[][] = [];
  let labelSeq = 0;
  const label = (): string => `L${labelSeq++}`;

  const mk = (f: Form, fields: Partial<Insn> = {}): Insn => ({
    code: f.code, dst: 0, src: 0, off: 0, imm: 0, ...f.select, ...fields,
  });

  function aluInsn(): Insn {
    if (chance(0.05)) {
      const v = splitImm64(BigInt.asIntN(64, (BigInt(int(0x100000000)) << 32n) | BigInt(int(0x100000000))));
      return { ...mk(LDDW, { dst: int(6) }), imm: v.imm, hi: v.hi };
    }
    const f = pick(ALU_FORMS);
    const fields: Partial<Insn> = { dst: int(6) };
    if (f.uses.has('src')) fields.src = chance(0.1) ? pick([8, 9, 10]) : int(6);
    if (f.uses.has('imm')) fields.imm = imm();
    if (f.kind === 'alu' && (f.op === 'lsh' || f.op === 'rsh' || f.op === 'arsh') && !f.reg && chance(0.7)) fields.imm = int(f.is64 ? 64 : 32);
    return mk(f, fields);
  }

  /** A base register and offset for an access of `size` bytes; sometimes deliberately wrong. */
  function place(size: number, out: Item[]): { reg: number; off: number } {
    const roll = r();
    if (roll < 0.4) return { reg: 10, off: -8 * (1 + int(64)) + (chance(0.2) ? int(8) : 0) + (chance(0.02) ? 512 : 0) };
    if (roll < 0.75) return { reg: 9, off: chance(0.96) ? int(Math.max(1, memLen - size + 1)) : memLen - size + 1 + int(8) };
    if (roll < 0.97) {
      // computed pointer: r8 = r9 + (rX & mask)
      out.push({ insn: mk(FORMS.find((f) => f.name === 'mov' && f.reg)!, { dst: 8, src: 9 }) });
      out.push({ insn: mk(FORMS.find((f) => f.name === 'mov' && !f.reg)!, { dst: 0, imm: int(memLen) }) });
      out.push({ insn: mk(FORMS.find((f) => f.name === 'add' && f.reg)!, { dst: 8, src: 0 }) });
      return { reg: 8, off: chance(0.8) ? 0 : -int(16) };
    }
    if (roll < 0.985) {
      // the read-only region's address, saved by main at [r10 - 512] (if nothing overwrote it)
      out.push({ insn: mk(FORMS.find((f) => f.name === 'ldxdw')!, { dst: 8, src: 10, off: -512 }) });
      return { reg: 8, off: int(64) - 4 };
    }
    return { reg: int(6), off: int(64) - 32 }; // a wild pointer: almost surely a fault
  }

  function memoryInsn(out: Item[]): void {
    const kind = r();
    if (kind < 0.4) {
      const f = pick(LOAD_FORMS);
      const { reg, off } = place(f.size, out);
      out.push({ insn: mk(f, { dst: int(6), src: reg, off }) });
    } else if (kind < 0.8) {
      const f = pick(STORE_FORMS);
      const { reg, off } = place(f.size, out);
      out.push({ insn: mk(f, { dst: reg, off, ...(f.kind === 'st' ? { imm: imm() } : { src: int(10) }) }) });
    } else {
      const f = pick(ATOMIC_FORMS);
      const { reg, off } = place(f.size, out);
      out.push({ insn: mk(f, { dst: reg, off: chance(0.8) ? off & ~(f.size - 1) : off, src: int(6) }) });
    }
  }

  function helperCall(out: Item[]): void {
    const id = pick([0, 0, 2, 3, 5, 5, 1, 4]);
    const movK = FORMS.find((f) => f.name === 'mov' && !f.reg)!;
    const movX = FORMS.find((f) => f.name === 'mov' && f.reg)!;
    if (id === 1) { // memfrob(r1 = ptr, r2 = len)
      out.push({ insn: mk(movX, { dst: 1, src: chance(0.5) ? 9 : 10 }) });
      out.push({ insn: mk(FORMS.find((f) => f.name === 'add' && !f.reg)!, { dst: 1, imm: chance(0.8) ? -int(32) : int(16) }) });
      out.push({ insn: mk(movK, { dst: 2, imm: int(40) }) });
    } else if (id === 4) { // strcmp(r1, r2)
      out.push({ insn: mk(movX, { dst: 1, src: 9 }) });
      out.push({ insn: mk(movX, { dst: 2, src: chance(0.5) ? 9 : 10 }) });
      out.push({ insn: mk(FORMS.find((f) => f.name === 'add' && !f.reg)!, { dst: 2, imm: -int(8) }) });
    } else if (id === 5 && chance(0.5)) {
      out.push({ insn: mk(movK, { dst: 1, imm: chance(0.5) ? 0 : 1 }) });
    }
    if (chance(0.15)) {
      out.push({ insn: mk(movK, { dst: 5, imm: chance(0.8) ? id : 99 }) });
      out.push({ insn: mk(CALLX, { dst: 5 }) });
    } else {
      out.push({ insn: mk(CALL_HELPER, { imm: id }) });
    }
  }

  /** A straight-line-with-forward-branches segment. `depth` limits loop nesting. */
  function segment(out: Item[], fn: number, loopDepth: number, budget: number): void {
    for (let n = 0; n < budget; n++) {
      const roll = r();
      if (roll < 0.45) out.push({ insn: aluInsn() });
      else if (roll < 0.65) memoryInsn(out);
      else if (roll < 0.75) {
        // forward conditional branch over a small sub-segment
        const f = pick(JCC_FORMS);
        const end = label();
        out.push({ insn: mk(f, { dst: int(10), ...(f.reg ? { src: int(11) } : { imm: imm() }) }), label: end });
        segment(out, fn, loopDepth, 1 + int(3));
        out.push({ mark: end });
      } else if (roll < 0.8 && loopDepth < 2) {
        const counter = 6 + loopDepth;
        const head = label();
        out.push({ insn: mk(FORMS.find((f) => f.name === 'mov' && !f.reg)!, { dst: counter, imm: int(5) + (chance(0.05) ? 100000 : 0) }) });
        out.push({ mark: head });
        segment(out, fn, loopDepth + 1, 1 + int(4));
        out.push({ insn: mk(FORMS.find((f) => f.name === 'sub' && !f.reg)!, { dst: counter, imm: 1 }) });
        // jsgt counter, 0, head (a counter set to 0 exits after one pass)
        out.push({ insn: mk(FORMS.find((f) => f.name === 'jsgt' && !f.reg)!, { dst: counter, imm: 0 }), label: head });
      } else if (roll < 0.85) {
        const target = fn + 1 + int(funcCount);
        if (target < funcCount) out.push({ insn: mk(CALL_LOCAL), label: `F${target}` });
        else if (chance(0.1)) out.push({ insn: mk(CALL_LOCAL), label: `F${fn}` }); // recursion: call-depth fault
      } else if (roll < 0.91) helperCall(out);
      else if (roll < 0.95) {
        const f = pick(PACKET_FORMS);
        out.push({ insn: mk(f, { imm: chance(0.8) ? int(memLen) : int(memLen + 8) - 4, ...(f.kind === 'ldind' ? { src: chance(0.7) ? 0 : int(10) } : {}) }) });
      } else if (roll < 0.97) {
        // unconditional forward jump (ja or ja32)
        const end = label();
        out.push({ insn: mk(chance(0.5) ? JA : JA32), label: end });
        segment(out, fn, loopDepth, 1 + int(2));
        out.push({ mark: end });
      } else if (chance(0.3)) {
        out.push({ insn: mk(EXIT) });
      }
    }
  }

  for (let fn = 0; fn < funcCount; fn++) {
    const out: Item[] = [{ mark: `F${fn}` }];
    if (fn === 0) {
      out.push({ insn: mk(FORMS.find((f) => f.name === 'mov' && f.reg)!, { dst: 9, src: 1 }) });
      out.push({ insn: mk(FORMS.find((f) => f.name === 'stxdw')!, { dst: 10, src: 3, off: -512 }) });
    }
    segment(out, fn, 0, 3 + int(12));
    out.push({ insn: mk(EXIT) });
    funcs.push(out);
  }

  // Layout: resolve labels to slot offsets.
  const items = funcs.flat();
  const slotOf = new Map<string, number>();
  let slot = 0;
  for (const it of items) {
    if ('mark' in it) slotOf.set(it.mark, slot);
    else slot += it.insn.hi === undefined ? 1 : 2;
  }
  const insns: Insn[] = [];
  slot = 0;
  for (const it of items) {
    if ('mark' in it) continue;
    const insn = it.insn;
    slot += insn.hi === undefined ? 1 : 2;
    if (it.label !== undefined) {
      const rel = slotOf.get(it.label)! - slot;
      if (insn.code === JA32.code || insn.code === CALL_LOCAL.code) insn.imm = rel;
      else insn.off = rel;
    }
    insns.push(insn);
  }
  const limit = chance(0.25) ? 1 + int(300) : 1_000_000;
  return { insns, mem, limit, seed };
}
