/**
 * A classic-BPF machine that executes one instruction at a time with the kernel's run-time rules, for
 * the debugger. State is plain data (A, X, M[], pc, result), so the debugger can copy it into its
 * history and step backward.
 *
 * Semantics follow the classic interpreter in src/classic (the kernel's, not bpf_dbg's buggy one):
 * out-of-bounds loads and division by X = 0 end the program with 0, shifts by X use X & 31. Loads the
 * debugger cannot answer from the packet bytes alone — Linux extensions and SKF_NET_OFF/SKF_LL_OFF
 * offsets — are delegated to that interpreter through a three-instruction probe, so both agree.
 */
import { compileClassic, type SkbMeta } from '../classic/index.js';
import { classicFormOf, type SockFilter } from '../isa/classic.js';

export interface ClassicState {
  pc: number;
  A: number;
  X: number;
  M: number[];
  /** The return value once `returned`. */
  R: number;
  returned: boolean;
}

export function initialState(): ClassicState {
  return { pc: 0, A: 0, X: 0, M: new Array<number>(16).fill(0), R: 0, returned: false };
}

export function copyState(s: ClassicState): ClassicState {
  return { pc: s.pc, A: s.A, X: s.X, M: s.M.slice(), R: s.R, returned: s.returned };
}

/** The packet the program runs on: captured bytes, wire length, link type (for derived metadata). */
export interface DebugPacket {
  data: Uint8Array;
  len: number;
  linkType: number;
}

/** Runs `ldx #X; ld #A; insn; ret …` in the classic interpreter: the value loaded, or undefined on a fault. */
function probe(insn: SockFilter, s: ClassicState, p: DebugPacket): number | undefined {
  const intoX = (insn.code & 0x07) === 0x01;
  const prefix: SockFilter[] = [{ code: 0x01, jt: 0, jf: 0, k: s.X }, { code: 0x00, jt: 0, jf: 0, k: s.A }, insn];
  const meta: SkbMeta = { len: p.len };
  const ok = compileClassic([...prefix, { code: 0x06, jt: 0, jf: 0, k: 1 }], { linkType: p.linkType })(p.data, meta);
  if (ok === 0) return undefined;
  const tail: SockFilter[] = intoX ? [{ code: 0x87, jt: 0, jf: 0, k: 0 }, { code: 0x16, jt: 0, jf: 0, k: 0 }] : [{ code: 0x16, jt: 0, jf: 0, k: 0 }];
  return compileClassic([...prefix, ...tail], { linkType: p.linkType })(p.data, meta);
}

function load(d: Uint8Array, off: number, size: number): number | undefined {
  if (off < 0 || off + size > d.length) return undefined;
  if (size === 1) return d[off]!;
  if (size === 2) return (d[off]! << 8) | d[off + 1]!;
  return ((d[off]! << 24) | (d[off + 1]! << 16) | (d[off + 2]! << 8) | d[off + 3]!) >>> 0;
}

function alu(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case 'add': return (a + b) >>> 0;
    case 'sub': return (a - b) >>> 0;
    case 'mul': return Math.imul(a, b) >>> 0;
    case 'div': return b === 0 ? undefined : Math.floor(a / b) >>> 0;
    case 'mod': return b === 0 ? undefined : a % b;
    case 'and': return (a & b) >>> 0;
    case 'or': return (a | b) >>> 0;
    case 'xor': return (a ^ b) >>> 0;
    case 'lsh': return (a << b) >>> 0;
    case 'rsh': return a >>> b;
    default: return a;
  }
}

function jcc(op: string, a: number, b: number): boolean {
  switch (op) {
    case 'jeq': return a === b;
    case 'jgt': return a > b;
    case 'jge': return a >= b;
    default: return (a & b) !== 0; // jset
  }
}

/**
 * Executes the instruction at `s.pc` and advances pc. A fault (out-of-bounds load, division by X = 0)
 * ends the program with R = 0, like the kernel. Running past the end also returns 0.
 */
export function stepClassic(prog: readonly SockFilter[], s: ClassicState, p: DebugPacket): void {
  if (s.returned) return;
  const insn = prog[s.pc];
  const f = insn && classicFormOf(insn.code);
  const fail = (): void => { s.R = 0; s.returned = true; };
  if (!insn || !f) { fail(); return; }
  const k = insn.k >>> 0;
  let next = s.pc + 1;
  switch (f.kind) {
    case 'ret': s.R = f.operand === 'k' ? k : f.operand === 'a' ? s.A : s.X; s.returned = true; break;
    case 'ld': case 'ldx': case 'ldxabs': {
      let v: number | undefined;
      switch (f.operand) {
        case 'imm': v = k; break;
        case 'len': v = p.len >>> 0; break;
        case 'mem': v = s.M[k & 15]; break;
        case 'abs': v = (k | 0) < 0 ? probe(insn, s, p) : load(p.data, k, f.size); break;
        case 'ind': {
          const off = (s.X + k) | 0;
          v = off < 0 ? probe(insn, s, p) : load(p.data, off, f.size);
          break;
        }
        case 'msh': {
          const b = (k | 0) < 0 ? probe(insn, s, p) : load(p.data, k, 1);
          v = b === undefined ? undefined : (k | 0) < 0 ? b : (b & 0xf) << 2;
          break;
        }
      }
      if (v === undefined) { fail(); break; }
      if (f.kind === 'ldx') s.X = v; else s.A = v;
      break;
    }
    case 'st': s.M[k & 15] = s.A; break;
    case 'stx': s.M[k & 15] = s.X; break;
    case 'alu': {
      const v = alu(f.op, s.A, f.operand === 'x' ? s.X : k);
      if (v === undefined) fail(); else s.A = v;
      break;
    }
    case 'neg': s.A = -s.A >>> 0; break;
    case 'tax': s.X = s.A; break;
    case 'txa': s.A = s.X; break;
    case 'ja': next = s.pc + 1 + (k | 0); break;
    case 'jcc': next = s.pc + 1 + (jcc(f.op, s.A, f.operand === 'x' ? s.X : k) ? insn.jt : insn.jf); break;
  }
  s.pc = next;
}
