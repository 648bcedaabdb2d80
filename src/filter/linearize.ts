/**
 * Flattens a block graph into a classic BPF program (libpcap's icode_to_fcode): blocks are laid
 * out in reverse post-order, visiting the false branch before the true branch, so a block comes
 * first, then its true subtree, then its false subtree. A branch that cannot reach its target
 * with an 8-bit offset gets an extra `ja` after the jump, and the layout is redone.
 */
import * as isa from '../isa/classic.js';
import { type SockFilter } from '../isa/classic.js';

import type { Block } from './blocks.js';
import { FilterError } from './errors.js';

// Module-level copies: reading them is a plain property access in every module format.
const { CClass, CJmpOp } = isa;

/** A statement deleted by the optimiser; it takes no space in the output. */
export const NOP = -1;

export function linearize(root: Block): SockFilter[] {
  for (;;) {
    const out = tryLinearize(root);
    if (out) return out;
  }
}

function stmtCount(b: Block): number {
  let n = 0;
  for (const s of b.stmts) if (s.code !== NOP) n++;
  return n;
}

function tryLinearize(root: Block): SockFilter[] | undefined {
  const size = new Set<Block>();
  let n = 0;
  const count = (p: Block | null): void => {
    if (!p || size.has(p)) return;
    size.add(p);
    count(p.jt);
    count(p.jf);
    n += stmtCount(p) + 1 + p.longjt + p.longjf;
  };
  count(root);
  const prog: SockFilter[] = Array.from({ length: n }, () => ({ code: 0, jt: 0, jf: 0, k: 0 }));
  let ftail = n;
  const placed = new Set<Block>();
  const convert = (p: Block | null): boolean => {
    if (!p || placed.has(p)) return true;
    placed.add(p);
    if (!convert(p.jf) || !convert(p.jt)) return false;
    const slen = stmtCount(p);
    ftail -= slen + 1 + p.longjt + p.longjf;
    p.offset = ftail;
    let dst = ftail;
    const live = p.stmts.filter((s) => s.code !== NOP);
    live.forEach((s, off) => {
      const insn: SockFilter = { code: s.code, jt: 0, jf: 0, k: s.k >>> 0 };
      // A conditional jump between statements of the block (protochain's loop).
      if ((s.code & 0x07) === CClass.JMP && (s.code & 0xf0) !== CJmpOp.JA) {
        const jt = s.jt ? live.indexOf(s.jt) : -1;
        const jf = s.jf ? live.indexOf(s.jf) : -1;
        if (jt < 0 || jf < 0) throw new FilterError('internal error: no destination found for block-local relative jump');
        if (jt - off - 1 >= 256 || jf - off - 1 >= 256) throw new FilterError('out-of-range jump for block-local relative jump');
        insn.jt = jt - off - 1;
        insn.jf = jf - off - 1;
      }
      prog[dst++] = insn;
    });
    const insn: SockFilter = { code: p.code, jt: 0, jf: 0, k: p.k >>> 0 };
    prog[dst] = insn;
    if (p.jt && p.jf) {
      let extrajmps = 0;
      let off = p.jt.offset - (p.offset + slen) - 1;
      if (off >= 256) {
        if (p.longjt === 0) {
          p.longjt++;
          return false;
        }
        insn.jt = extrajmps;
        extrajmps++;
        prog[dst + extrajmps] = { code: CClass.JMP | CJmpOp.JA, jt: 0, jf: 0, k: off - extrajmps };
      } else insn.jt = off;
      off = p.jf.offset - (p.offset + slen) - 1;
      if (off >= 256) {
        if (p.longjf === 0) {
          p.longjf++;
          return false;
        }
        insn.jf = extrajmps;
        extrajmps++;
        prog[dst + extrajmps] = { code: CClass.JMP | CJmpOp.JA, jt: 0, jf: 0, k: off - extrajmps };
      } else insn.jf = off;
    }
    return true;
  };
  if (!convert(root)) return undefined;
  if (ftail !== 0) throw new FilterError('internal error: program layout is inconsistent');
  return prog;
}
