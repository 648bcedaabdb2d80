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

type Frame = { kind: 'loop' | 'follow'; block: number } | { kind: 'if' };

export function structure(sub: Subprogram, isConditional: (block: number) => boolean): Shape[] {
  const { blocks, idom, loopHeaders } = sub;
  const children: number[][] = blocks.map(() => []);
  for (let b = 1; b < blocks.length; b++) children[idom[b]!]!.push(b);
  const isMerge = blocks.map((b) => b.preds.filter((p) => p < b.id).length >= 2);

  function doTree(x: number, ctx: Frame[]): Shape[] {
    // Merge children, highest reverse-postorder number first: it gets the outermost block.
    const merges = children[x]!.filter((c) => isMerge[c]).sort((a, b) => b - a);
    if (loopHeaders.has(x)) {
      const inner: Frame[] = [{ kind: 'loop', block: x }, ...ctx];
      return [{ kind: 'loop', header: x, body: nodeWithin(x, merges, inner) }];
    }
    return nodeWithin(x, merges, ctx);
  }

  function nodeWithin(x: number, merges: number[], ctx: Frame[]): Shape[] {
    if (merges.length > 0) {
      const [y, ...rest] = merges as [number, ...number[]];
      const body = nodeWithin(x, rest, [{ kind: 'follow', block: y }, ...ctx]);
      return [{ kind: 'block', follow: y, body }, ...doTree(y, ctx)];
    }
    const out: Shape[] = [{ kind: 'code', block: x }];
    const succs = blocks[x]!.succs;
    if (succs.length === 0) return out;
    if (isConditional(x)) {
      const inner: Frame[] = [{ kind: 'if' }, ...ctx];
      out.push({ kind: 'if', block: x, taken: doBranch(x, succs[1]!, inner), fallthrough: doBranch(x, succs[0]!, inner) });
    } else {
      out.push(...doBranch(x, succs[0]!, ctx));
    }
    return out;
  }

  function doBranch(from: number, to: number, ctx: Frame[]): Shape[] {
    if (to <= from || isMerge[to]) {
      const want = to <= from ? 'loop' : 'follow';
      const depth = ctx.findIndex((f) => f.kind === want && f.block === to);
      if (depth < 0) throw new Error(`structuring failed: no enclosing ${want} label for block ${to}`);
      return [{ kind: 'br', depth, target: to, to: want }];
    }
    return doTree(to, ctx);
  }

  return doTree(0, []);
}
