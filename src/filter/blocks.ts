/**
 * libpcap's intermediate code: basic blocks of statements ending in a conditional jump (or a
 * return), joined by gen_and/gen_or through lists of unresolved exits. Reproducing these
 * structures exactly is what makes the unoptimised output equal tcpdump's byte for byte.
 */
import { CClass, CJmpOp, CSrc } from '../isa/classic.js';

export interface Stmt {
  code: number;
  k: number;
  /** Targets of a jump inside a block's statements (only `protochain` makes these). */
  jt?: Stmt;
  jf?: Stmt;
}

export class Block {
  /** The statements before the block's jump. */
  stmts: Stmt[] = [];
  /** The final jump (JMP class) or return (RET class). */
  code: number;
  k = 0;
  jt: Block | null = null;
  jf: Block | null = null;
  /** First block of the expression this block ends (gen_and/gen_or keep it up to date). */
  head: Block;
  /**
   * Which exit is the link of the unresolved list: JT when false, JF when true. Flipping it
   * negates the expression (gen_not).
   */
  sense = false;
  /** Linearisation scratch: extra `ja` needed for an out-of-range true/false branch. */
  longjt = 0;
  longjf = 0;
  offset = 0;
  /** The optimiser's number for the block (its index in the optimiser's tables). */
  optId = -1;
  constructor(code: number) {
    this.code = code;
    this.head = this;
  }
}

export const JMP = (op: number): number => op | CClass.JMP | CSrc.K;
export const JEQ = JMP(CJmpOp.JEQ);

/** Points every unresolved exit in `list` at `target`. */
export function backpatch(list: Block | null, target: Block): void {
  while (list) {
    let next: Block | null;
    if (!list.sense) {
      next = list.jt;
      list.jt = target;
    } else {
      next = list.jf;
      list.jf = target;
    }
    list = next;
  }
}

/** Appends list `b1` to the end of list `b0`. */
function merge(b0: Block, b1: Block): void {
  let p: Block = b0;
  for (;;) {
    const next = !p.sense ? p.jt : p.jf;
    if (!next) break;
    p = next;
  }
  if (!p.sense) p.jt = b1;
  else p.jf = b1;
}

/** b0 and b1; the result is b1. */
export function genAnd(b0: Block, b1: Block): void {
  backpatch(b0, b1.head);
  b0.sense = !b0.sense;
  b1.sense = !b1.sense;
  merge(b1, b0);
  b1.sense = !b1.sense;
  b1.head = b0.head;
}

/** b0 or b1; the result is b1. */
export function genOr(b0: Block, b1: Block): void {
  b0.sense = !b0.sense;
  backpatch(b0, b1.head);
  b0.sense = !b0.sense;
  merge(b1, b0);
  b1.head = b0.head;
}

export function genNot(b: Block): void {
  b.sense = !b.sense;
}
