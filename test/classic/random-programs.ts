/**
 * Seeded random classic programs that pass the kernel's checker: every instruction form, ALU corner
 * values, extensions, negative offsets, X + k loads, forward jumps, M[] cells. Used by the
 * differential test and by scripts/gen-kernel-cbpf-goldens.ts (random programs run in the kernel).
 */
import { checkClassic } from '../../src/classic/checker.js';
import { SKF_AD, SKF_LL_OFF, SKF_NET_OFF, type SockFilter } from '../../src/isa/classic.js';

/** mulberry32: a small seeded PRNG returning u32. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const CORNER = [0, 1, 2, 3, 4, 7, 8, 14, 15, 16, 20, 31, 32, 33, 63, 64, 0xff, 0x100, 0x800, 0x86dd, 0xffff, 0x10000,
  0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0xfffff000, 0xfff00000];
const EXTENSIONS = Object.values(SKF_AD);
const ALU = [0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0];
const JCC = [0x10, 0x20, 0x30, 0x40];

export function randomClassicProgram(r: () => number, options: { extensions?: boolean } = {}): SockFilter[] {
  const pick = <T>(a: readonly T[]): T => a[r() % a.length]!;
  const value = (): number => (r() % 3 === 0 ? r() : pick(CORNER)) >>> 0;
  for (;;) {
    const len = 3 + (r() % 30);
    const prog: SockFilter[] = [];
    for (let pc = 0; pc < len - 1; pc++) {
      const room = len - pc - 2; // instructions a jump may skip
      const size = pick([0x00, 0x08, 0x10]);
      const i = (code: number, k = 0, jt = 0, jf = 0): SockFilter => ({ code, jt, jf, k: k >>> 0 });
      let insn: SockFilter;
      switch (r() % 16) {
        case 0: insn = i(0x20 | size, r() % 80); break; // ld abs
        case 1: insn = i(0x40 | size, pick([0, 1, 2, 12, 14, 30, 0xfffffff0, 0xffffffff, 0x7fffffff, 60])); break; // ld ind
        case 2: {
          const k = pick([SKF_NET_OFF + (r() % 40), SKF_LL_OFF + (r() % 20), SKF_NET_OFF - 1, -3000000]);
          insn = i(0x20 | size, k);
          break;
        }
        case 3:
          insn = options.extensions === false ? i(0x00, value()) : i(0x20 | size, 0xfffff000 + pick(EXTENSIONS.filter((e) => e !== SKF_AD.rand && e !== SKF_AD.cpu && e !== SKF_AD.rxhash && e !== SKF_AD.queue)));
          break;
        case 4: insn = i(pick([0x00, 0x01]), value()); break; // ld/ldx imm
        case 5: insn = i(pick([0x80, 0x81])); break; // ld/ldx len
        case 6: insn = i(0xb1, pick([0, 14, 20, 40, 0xfff00000, 0x7fffffff])); break; // msh
        case 7: case 8: {
          const op = pick(ALU);
          const x = r() % 2 === 1;
          let k = value();
          if (!x && (op === 0x30 || op === 0x90) && k === 0) k = 3;
          if (!x && (op === 0x60 || op === 0x70)) k %= 32;
          insn = i(0x04 | op | (x ? 0x08 : 0), x ? 0 : k);
          break;
        }
        case 9: insn = i(pick([0x84, 0x07, 0x87])); break; // neg, tax, txa
        case 10: insn = i(pick([0x02, 0x03]), r() % 16); break; // st, stx
        case 11: insn = i(pick([0x60, 0x61]), r() % 16); break; // ld/ldx M[] (the checker filters unsafe reads)
        case 12: insn = i(0x05, room > 0 ? r() % (room + 1) : 0); break;
        default: {
          const x = r() % 3 === 0;
          insn = i(0x05 | pick(JCC) | (x ? 0x08 : 0), x ? 0 : value(), r() % (room + 1), r() % (room + 1));
          break;
        }
      }
      prog.push(insn);
    }
    prog.push(r() % 2 ? { code: 0x16, jt: 0, jf: 0, k: 0 } : { code: 0x06, jt: 0, jf: 0, k: value() });
    try {
      checkClassic(prog);
      return prog;
    } catch {
      // M[] read before write on some path, or similar: draw again.
    }
  }
}
