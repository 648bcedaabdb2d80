/**
 * Control-flow graph of a validated eBPF program: basic blocks of the whole program, and for each
 * subprogram (pc 0 and every target of a local call) the blocks its entry reaches without entering
 * a callee, in reverse postorder, with dominators and loop headers. Code that two subprograms
 * share (a jump or fallthrough across the boundary the interpreter does not see) simply belongs
 * to both.
 * Everything is in logical instruction indices (LD_IMM64 is one instruction); pcs only appear
 * in messages.
 *
 * Block boundaries: a function entry, a jump target, and the instruction after a jump, an exit
 * or a local call (the callee runs between the two halves, so the meter must be settled first).
 */
import type { Insn } from '../isa/insn.js';
import type { Validated } from '../isa/validate.js';

export interface BasicBlock {
  readonly id: number;
  /** First instruction index. */
  readonly start: number;
  /** One past the last instruction index. */
  readonly end: number;
  /** Successor block ids: [] after exit, [target] after ja or fallthrough, [fallthrough, taken] after a conditional jump. */
  readonly succs: number[];
  readonly preds: number[];
}

export interface Subprogram {
  /** Instruction index of the entry. */
  readonly entry: number;
  /** Reachable blocks in reverse postorder; blocks[0] is the entry. */
  readonly blocks: BasicBlock[];
  /** Immediate dominator of each block (by position in `blocks`); the entry's is itself. */
  readonly idom: number[];
  /** Blocks that are the target of a back edge. */
  readonly loopHeaders: Set<number>;
}

export interface Cfg {
  readonly subprograms: Subprogram[];
  /** Subprogram index by entry instruction index. */
  readonly subprogramAt: Map<number, number>;
}

/** Why a program cannot be structured; the caller falls back to the interpreter. */
export class CfgUnsupported extends Error {
  override readonly name = 'CfgUnsupported';
  readonly pc: number;
  constructor(message: string, pc: number) {
    super(message);
    this.pc = pc;
  }
}

/** Jump target of instruction k as an instruction index, or undefined when it does not jump. */
export function jumpTarget(insns: readonly Insn[], v: Validated, k: number): number | undefined {
  const f = v.forms[k]!;
  const i = insns[k]!;
  const pc = v.pcs[k]!;
  if (f.kind === 'ja' || f.kind === 'jcc') return v.indexOfSlot[pc + 1 + i.off];
  if (f.kind === 'ja32') return v.indexOfSlot[pc + 1 + i.imm];
  return undefined;
}

/** Entry instruction index of a local call at k. */
export function callTarget(insns: readonly Insn[], v: Validated, k: number): number {
  return v.indexOfSlot[v.pcs[k]! + 1 + insns[k]!.imm]!;
}

export function isLocalCall(v: Validated, k: number): boolean {
  const f = v.forms[k]!;
  return f.kind === 'call' && f.op === 'local';
}

export function buildCfg(insns: readonly Insn[], v: Validated): Cfg {
  const entries = new Set<number>([0]);
  for (let k = 0; k < insns.length; k++) if (isLocalCall(v, k)) entries.add(callTarget(insns, v, k));
  const raw = splitBlocks(insns, v, entries);
  const sorted = [...entries].sort((a, b) => a - b);
  const subprograms: Subprogram[] = [];
  const subprogramAt = new Map<number, number>();
  sorted.forEach((entry, n) => {
    subprogramAt.set(entry, n);
    subprograms.push(buildSubprogram(v, raw, entry));
  });
  return { subprograms, subprogramAt };
}

interface RawBlock { start: number; end: number; succs: number[] }

/** Basic blocks of the whole program; a subprogram is whatever its entry reaches. */
function splitBlocks(insns: readonly Insn[], v: Validated, entries: ReadonlySet<number>): { blocks: RawBlock[]; blockAt: Map<number, number> } {
  const count = insns.length;
  const leader = new Uint8Array(count + 1);
  for (const e of entries) leader[e] = 1;
  for (let k = 0; k < count; k++) {
    const t = jumpTarget(insns, v, k);
    if (t !== undefined) leader[t] = 1;
    if (t !== undefined || v.forms[k]!.kind === 'exit' || isLocalCall(v, k)) leader[k + 1] = 1;
  }
  const starts: number[] = [];
  for (let k = 0; k < count; k++) if (leader[k]) starts.push(k);
  const blockAt = new Map<number, number>();
  starts.forEach((s, n) => blockAt.set(s, n));
  const blocks = starts.map((start, n) => {
    const end = starts[n + 1] ?? count;
    const last = end - 1;
    const kind = v.forms[last]!.kind;
    const succs: number[] = [];
    // -1: control would run off the end of the program (validation makes this unreachable).
    const fall = (): void => { succs.push(end >= count ? -1 : blockAt.get(end)!); };
    if (kind === 'exit') { /* no successors */ } else if (kind === 'ja' || kind === 'ja32') {
      succs.push(blockAt.get(jumpTarget(insns, v, last)!)!);
    } else if (kind === 'jcc') {
      fall();
      succs.push(blockAt.get(jumpTarget(insns, v, last)!)!);
    } else fall();
    return { start, end, succs };
  });
  return { blocks, blockAt };
}

function buildSubprogram(v: Validated, all: { blocks: RawBlock[]; blockAt: Map<number, number> }, entry: number): Subprogram {
  const raw = all.blocks;
  const first = all.blockAt.get(entry)!;
  // Reverse postorder of the blocks reachable from the entry (iterative DFS).
  const post: number[] = [];
  const state = new Uint8Array(raw.length); // 0 new, 1 on stack, 2 done
  const stack: [number, number][] = [[first, 0]];
  state[first] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const succs = raw[top[0]]!.succs;
    if (top[1] < succs.length) {
      const s = succs[top[1]++]!;
      if (s === -1) {
        const pc = v.pcs[raw[top[0]]!.end - 1]!;
        throw new CfgUnsupported(`control runs off the end of the program after pc ${pc}`, pc);
      }
      if (state[s] === 0) { state[s] = 1; stack.push([s, 0]); }
    } else {
      state[top[0]] = 2;
      post.push(top[0]);
      stack.pop();
    }
  }
  const order = post.reverse();
  const rpo = new Int32Array(raw.length).fill(-1);
  order.forEach((b, n) => { rpo[b] = n; });
  const blocks: BasicBlock[] = order.map((b, n) => ({
    id: n, start: raw[b]!.start, end: raw[b]!.end, succs: raw[b]!.succs.map((s) => rpo[s]!), preds: [],
  }));
  for (const b of blocks) for (const s of b.succs) blocks[s]!.preds.push(b.id);

  const idom = dominators(blocks);
  const loopHeaders = new Set<number>();
  for (const b of blocks) {
    for (const s of b.succs) {
      if (s > b.id) continue; // forward edge in reverse postorder
      // A retreating edge must go to a block that dominates its source (a natural loop).
      if (!dominates(idom, s, b.id)) {
        throw new CfgUnsupported(`irreducible control flow: the jump at pc ${v.pcs[b.end - 1]} enters a loop at pc ${v.pcs[blocks[s]!.start]} other than through its header`, v.pcs[b.end - 1]!);
      }
      loopHeaders.add(s);
    }
  }
  return { entry, blocks, idom, loopHeaders };
}

/** Cooper, Harvey and Kennedy's iterative dominator algorithm over blocks numbered in reverse postorder. */
function dominators(blocks: readonly BasicBlock[]): number[] {
  const idom = new Array<number>(blocks.length).fill(-1);
  idom[0] = 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (let b = 1; b < blocks.length; b++) {
      let next = -1;
      for (const p of blocks[b]!.preds) {
        if (idom[p] === -1) continue;
        next = next === -1 ? p : intersect(idom, p, next);
      }
      if (next !== idom[b]) { idom[b] = next; changed = true; }
    }
  }
  return idom;
}

function intersect(idom: readonly number[], a: number, b: number): number {
  while (a !== b) {
    while (a > b) a = idom[a]!;
    while (b > a) b = idom[b]!;
  }
  return a;
}

export function dominates(idom: readonly number[], a: number, b: number): boolean {
  while (b > a) b = idom[b]!;
  return a === b;
}
