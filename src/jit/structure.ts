/**
 * Structured control flow for a reducible CFG, after Norman Ramsey, "Beyond Relooper" (ICFP 2022):
 * walk the dominator tree; a block with two or more forward predecessors (a merge node) is placed
 * right after a wasm `block` that the branches to it leave; a loop header is wrapped in a wasm
 * `loop` that the back edges re-enter; every other block is emitted inline at its only forward
 * predecessor. Each block is emitted exactly once, so code size stays linear.
 */
import type { Subprogram } from './cfg.js';

export type Shape =
  /** The straight-line body of a basic block (all but a final jump; an exit is included). */
  | { kind: 'code'; block: number }
  /** A wasm `block`; branching out of it continues at `follow`, which comes next. */
  | { kind: 'block'; follow: number; body: Shape[] }
  /** A wasm `loop` headed by `header`. */
  | { kind: 'loop'; header: number; body: Shape[] }
  /** The conditional jump ending `block`: `taken` when true, `fallthrough` otherwise. */
  | { kind: 'if'; block: number; taken: Shape[]; fallthrough: Shape[] }
  /** Branch to an enclosing label, `depth` levels out. */
  | { kind: 'br'; depth: number; target: number; to: 'loop' | 'follow' };

type Frame = { kind: 'loop' | 'follow'; block: number } | { kind: 'if'; block: -1 };
/** The enclosing labels, innermost first, as a linked list (pushing is O(1)). */
interface Ctx { frame: Frame; next: Ctx | undefined }

const IF_FRAME: Frame = { kind: 'if', block: -1 };

export function structure(sub: Subprogram, isConditional: (block: number) => boolean): Shape[] {
  const { blocks, idom, loopHeaders } = sub;
  const children: number[][] = blocks.map(() => []);
  for (let b = 1; b < blocks.length; b++) children[idom[b]!]!.push(b);
  const isMerge = blocks.map((b) => {
    let forward = 0;
    for (const p of b.preds) if (p < b.id) forward++;
    return forward >= 2;
  });

  function mergesOf(x: number): number[] {
    // Merge children, highest reverse-postorder number first: it gets the outermost block.
    return children[x]!.filter((c) => isMerge[c]).sort((a, b) => b - a);
  }

  /**
   * The tree rooted at x. The outermost merge child is emitted after everything else at the same
   * level, so it is iterated rather than recursed into: a long chain of merge nodes (a filter
   * with thousands of tests) costs no stack.
   */
  function doTree(root: number, ctx: Ctx | undefined, out: Shape[]): void {
    for (let x = root; x >= 0;) {
      const merges = mergesOf(x);
      if (loopHeaders.has(x)) {
        const body: Shape[] = [];
        const inner: Ctx = { frame: { kind: 'loop', block: x }, next: ctx };
        const next = within(x, merges, inner, body);
        if (next >= 0) doTree(next, inner, body);
        out.push({ kind: 'loop', header: x, body });
        return;
      }
      x = within(x, merges, ctx, out);
    }
  }

  /** Emits x inside blocks for its merge children; returns the outermost one (emitted next by the caller), or -1. */
  function within(x: number, merges: readonly number[], ctx: Ctx | undefined, out: Shape[]): number {
    if (merges.length === 0) {
      code(x, ctx, out);
      return -1;
    }
    const y = merges[0]!;
    const body: Shape[] = [];
    nodeWithin(x, merges, 1, { frame: { kind: 'follow', block: y }, next: ctx }, body);
    out.push({ kind: 'block', follow: y, body });
    return y;
  }

  function nodeWithin(x: number, merges: readonly number[], from: number, ctx: Ctx | undefined, out: Shape[]): void {
    if (from < merges.length) {
      const y = merges[from]!;
      const body: Shape[] = [];
      nodeWithin(x, merges, from + 1, { frame: { kind: 'follow', block: y }, next: ctx }, body);
      out.push({ kind: 'block', follow: y, body });
      doTree(y, ctx, out);
      return;
    }
    code(x, ctx, out);
  }

  /** The block's own code and its branches. */
  function code(x: number, ctx: Ctx | undefined, out: Shape[]): void {
    out.push({ kind: 'code', block: x });
    const succs = blocks[x]!.succs;
    if (succs.length === 0) return;
    if (isConditional(x)) {
      const inner: Ctx = { frame: IF_FRAME, next: ctx };
      const taken: Shape[] = [];
      const fallthrough: Shape[] = [];
      doBranch(x, succs[1]!, inner, taken);
      doBranch(x, succs[0]!, inner, fallthrough);
      out.push({ kind: 'if', block: x, taken, fallthrough });
    } else {
      doBranch(x, succs[0]!, ctx, out);
    }
  }

  function doBranch(from: number, to: number, ctx: Ctx | undefined, out: Shape[]): void {
    if (to <= from || isMerge[to]) {
      const want = to <= from ? 'loop' : 'follow';
      let depth = 0;
      for (let c = ctx; c; c = c.next, depth++) {
        if (c.frame.kind === want && c.frame.block === to) {
          out.push({ kind: 'br', depth, target: to, to: want });
          return;
        }
      }
      throw new Error(`structuring failed: no enclosing ${want} label for block ${to}`);
    }
    doTree(to, ctx, out);
  }

  const out: Shape[] = [];
  doTree(0, undefined, out);
  return out;
}
