/**
 * The classic BPF interpreter with the kernel's run-time semantics (as executed after conversion
 * to eBPF, net/core/filter.c):
 * - A = X = 0 at entry; all arithmetic is unsigned 32-bit;
 * - a packet load out of bounds and DIV/MOD by X = 0 make the program return 0; ifidx/hatype
 *   without a device make it return A (the converted code exits with r0 = A unchanged);
 * - shifts by X use `X & 31` (JavaScript's `<<`/`>>>` do exactly that);
 * - negative offsets: SKF_NET_OFF + n reads the network header + n, SKF_LL_OFF + n the MAC header + n;
 * - every Linux extension (SKF_AD_*) reads `SkbMeta`, derived from the link type when not given.
 *
 * Programs are decoded once into flat typed arrays (opcode index, k, absolute jt/jf targets) and
 * run by one switch loop without allocating per packet. The packet is read in place.
 * Backward `ja` (which only libpcap accepts, for `protochain`) is followed with a loop budget.
 */
import { DecodeError, VmError } from '../errors.js';
import { BPF_MEMWORDS, classicFormOf, SKF_AD, SKF_AD_OFF, SKF_LL_OFF, SKF_NET_OFF, type SockFilter } from '../isa/classic.js';
import {
  defaultRandom, deriveHatype, deriveIfindex, deriveMacOff, deriveNetOff, derivePayOffset, derivePktType,
  deriveProtocol, LinkType, nlattr, nlattrNest, type SkbMeta,
} from './skb.js';

export type { SkbMeta } from './skb.js';

/** Runs the program over one packet and returns its verdict (an unsigned 32-bit number). */
export type ClassicRunner = (packet: Uint8Array, meta?: SkbMeta) => number;

export interface CompileOptions {
  /** Link type used to derive missing metadata (default EN10MB). */
  linkType?: number;
  /** Backward jumps allowed per run before the run fails with VmError (default 1,000,000). */
  loopBudget?: number;
  /**
   * Run-time semantics: `linux` (default, the kernel's) or `libpcap` (userland `bpf_filter`, what
   * `tcpdump -r` applies): shifts by X >= 32 give 0, and ancillary or negative offsets are
   * out-of-bounds loads — except `ldb` of vlan_tci/vlan_avail when `SkbMeta.vlanPresent` is given
   * (libpcap's aux data).
   */
  semantics?: 'linux' | 'libpcap';
}

// Internal opcodes: small dense integers so the switch compiles to a jump table.
const Op = {
  RET_K: 0, RET_A: 1, RET_X: 2,
  LDW_ABS: 3, LDH_ABS: 4, LDB_ABS: 5, LDW_IND: 6, LDH_IND: 7, LDB_IND: 8, LD_NEG: 9,
  LD_LEN: 10, LD_IMM: 11, LD_MEM: 12, LDX_LEN: 13, LDX_IMM: 14, LDX_MEM: 15, LDX_MSH: 16, LDX_ABS_LE: 17,
  ST: 18, STX: 19,
  ADD_K: 20, ADD_X: 21, SUB_K: 22, SUB_X: 23, MUL_K: 24, MUL_X: 25, DIV_K: 26, DIV_X: 27, MOD_K: 28, MOD_X: 29,
  AND_K: 30, AND_X: 31, OR_K: 32, OR_X: 33, XOR_K: 34, XOR_X: 35, LSH_K: 36, LSH_X: 37, RSH_K: 38, RSH_X: 39,
  NEG: 40, JA: 41, JEQ_K: 42, JEQ_X: 43, JGT_K: 44, JGT_X: 45, JGE_K: 46, JGE_X: 47, JSET_K: 48, JSET_X: 49,
  TAX: 50, TXA: 51, ANC: 52,
  LSH_X_PCAP: 53, RSH_X_PCAP: 54, FAIL: 55, VLAN_AUX: 56, LD_IND_PCAP: 57, LDX_MSH_PCAP: 58,
} as const;

const ALU_BASE: Record<string, number> = {
  add: Op.ADD_K, sub: Op.SUB_K, mul: Op.MUL_K, div: Op.DIV_K, mod: Op.MOD_K, and: Op.AND_K, or: Op.OR_K,
  xor: Op.XOR_K, lsh: Op.LSH_K, rsh: Op.RSH_K,
};
const JCC_BASE: Record<string, number> = { jeq: Op.JEQ_K, jgt: Op.JGT_K, jge: Op.JGE_K, jset: Op.JSET_K };

/** Flat, validated form of a classic program. */
export interface DecodedClassic {
  op: Uint8Array;
  k: Uint32Array;
  /** Absolute targets: for conditional jumps the true/false successors, for ja the target. */
  jt: Uint32Array;
  jf: Uint32Array;
  /** Load size in bytes for LD_NEG. */
  size: Uint8Array;
  usesMem: boolean;
}

/**
 * Decodes a program into flat arrays. Throws DecodeError for what no interpreter could run:
 * unknown opcodes, M[k] outside M[0..15], jumps outside the program, falling off the end.
 */
export function decodeClassic(prog: readonly SockFilter[], semantics: 'linux' | 'libpcap' = 'linux'): DecodedClassic {
  const n = prog.length;
  if (n === 0) throw new DecodeError('empty program', 0);
  const d: DecodedClassic = {
    op: new Uint8Array(n), k: new Uint32Array(n), jt: new Uint32Array(n), jf: new Uint32Array(n),
    size: new Uint8Array(n), usesMem: false,
  };
  const target = (pc: number, to: number): number => {
    if (to < 0 || to >= n) throw new DecodeError(`jump to ${to} is outside the program (0..${n - 1})`, pc);
    return to;
  };
  prog.forEach((i, pc) => {
    const f = classicFormOf(i.code);
    if (f === undefined) throw new DecodeError(`unknown classic opcode 0x${i.code.toString(16)}`, pc);
    const k = i.k >>> 0;
    d.k[pc] = k;
    let op: number;
    switch (f.kind) {
      case 'ret': op = f.operand === 'k' ? Op.RET_K : f.operand === 'a' ? Op.RET_A : Op.RET_X; break;
      case 'ld':
        switch (f.operand) {
          case 'abs': {
            const ks = k | 0;
            if (k >= SKF_AD_OFF >>> 0) {
              op = Op.ANC;
              d.k[pc] = k - (SKF_AD_OFF >>> 0);
            } else if (ks < 0) {
              op = Op.LD_NEG;
              d.size[pc] = f.size;
            } else op = f.size === 4 ? Op.LDW_ABS : f.size === 2 ? Op.LDH_ABS : Op.LDB_ABS;
            break;
          }
          case 'ind': op = f.size === 4 ? Op.LDW_IND : f.size === 2 ? Op.LDH_IND : Op.LDB_IND; break;
          case 'len': op = Op.LD_LEN; break;
          case 'imm': op = Op.LD_IMM; break;
          default: op = Op.LD_MEM; break;
        }
        break;
      case 'ldx':
        op = f.operand === 'len' ? Op.LDX_LEN : f.operand === 'imm' ? Op.LDX_IMM : f.operand === 'mem' ? Op.LDX_MEM : Op.LDX_MSH;
        break;
      case 'ldxabs': op = Op.LDX_ABS_LE; break;
      case 'st': op = Op.ST; break;
      case 'stx': op = Op.STX; break;
      case 'alu': op = ALU_BASE[f.op]! + (f.operand === 'x' ? 1 : 0); break;
      case 'neg': op = Op.NEG; break;
      case 'tax': op = Op.TAX; break;
      case 'txa': op = Op.TXA; break;
      case 'ja':
        op = Op.JA;
        d.jt[pc] = target(pc, pc + 1 + (k | 0));
        break;
      case 'jcc':
        op = JCC_BASE[f.op]! + (f.operand === 'x' ? 1 : 0);
        d.jt[pc] = target(pc, pc + 1 + i.jt);
        d.jf[pc] = target(pc, pc + 1 + i.jf);
        break;
    }
    if (op === Op.LD_MEM || op === Op.LDX_MEM || op === Op.ST || op === Op.STX) {
      if (k >= BPF_MEMWORDS) throw new DecodeError(`M[${k}] is outside M[0..${BPF_MEMWORDS - 1}]`, pc);
      d.usesMem = true;
    }
    if (semantics === 'libpcap') {
      if (op === Op.LSH_X) op = Op.LSH_X_PCAP;
      else if (op === Op.RSH_X) op = Op.RSH_X_PCAP;
      else if (op === Op.LD_NEG) op = Op.FAIL;
      else if (op === Op.LDX_MSH) op = Op.LDX_MSH_PCAP;
      else if (op === Op.LDW_IND || op === Op.LDH_IND || op === Op.LDB_IND) {
        op = Op.LD_IND_PCAP; // X + k without 32-bit wrap-around, as libpcap checks it
        d.size[pc] = f.size;
      } else if (op === Op.ANC) {
        const vlan = f.size === 1 && (d.k[pc] === SKF_AD.vlan_tci || d.k[pc] === SKF_AD.vlan_avail);
        op = vlan ? Op.VLAN_AUX : Op.FAIL;
      }
    }
    const ends = op === Op.RET_K || op === Op.RET_A || op === Op.RET_X || op === Op.JA || f.kind === 'jcc';
    if (!ends && pc === n - 1) throw new DecodeError('execution falls off the end of the program', pc);
    d.op[pc] = op;
  });
  return d;
}

/** Reads `size` bytes big-endian at a negative (SKF_NET_OFF / SKF_LL_OFF) offset; -1 when it fails. */
function loadNegative(p: Uint8Array, off: number, size: number, meta: SkbMeta | undefined, linkType: number): number {
  let at: number;
  if (off >= SKF_NET_OFF) at = (meta?.netOff ?? deriveNetOff(p, linkType)) + off - SKF_NET_OFF;
  else if (off >= SKF_LL_OFF) {
    const mac = meta?.macOff === undefined ? deriveMacOff(linkType) : meta.macOff;
    if (mac === null) return -1;
    at = mac + off - SKF_LL_OFF;
  } else return -1;
  if (at < 0 || at + size > p.length) return -1;
  if (size === 1) return p[at]!;
  if (size === 2) return (p[at]! << 8) | p[at + 1]!;
  return ((p[at]! << 24) | (p[at + 1]! << 16) | (p[at + 2]! << 8) | p[at + 3]!) >>> 0;
}

/** Loads `size` bytes big-endian at a signed offset (IND/MSH); -1 when out of bounds. */
function loadAt(p: Uint8Array, off: number, size: number, meta: SkbMeta | undefined, linkType: number): number {
  if (off < 0) return loadNegative(p, off, size, meta, linkType);
  if (off + size > p.length) return -1;
  if (size === 1) return p[off]!;
  if (size === 2) return (p[off]! << 8) | p[off + 1]!;
  return ((p[off]! << 24) | (p[off + 1]! << 16) | (p[off + 2]! << 8) | p[off + 3]!) >>> 0;
}

/** Sentinels of `ancillary`: the program returns 0, or returns A (no device, as the kernel's exit). */
const RETURN_ZERO = -1;
const RETURN_A = -2;

/** An ancillary load: the value, or RETURN_ZERO / RETURN_A. */
function ancillary(off: number, p: Uint8Array, a: number, x: number, meta: SkbMeta | undefined, linkType: number, rand: () => number): number {
  switch (off) {
    case SKF_AD.proto: return (meta?.protocol ?? deriveProtocol(p, linkType)) & 0xffff;
    case SKF_AD.type: return (meta?.pktType ?? derivePktType(p, linkType)) & 7;
    case SKF_AD.ifidx: case SKF_AD.hatype: {
      const ifindex = meta?.ifindex === undefined ? deriveIfindex(p, linkType) : meta.ifindex;
      if (ifindex === null) return RETURN_A;
      return off === SKF_AD.ifidx ? ifindex >>> 0 : (meta?.hatype ?? deriveHatype(p, linkType)) & 0xffff;
    }
    case SKF_AD.nla: return nlattr(p, a, x);
    case SKF_AD.nlan: return nlattrNest(p, a, x);
    case SKF_AD.mark: return (meta?.mark ?? 0) >>> 0;
    case SKF_AD.queue: return (meta?.queue ?? 0) & 0xffff;
    case SKF_AD.rxhash: return (meta?.rxhash ?? 0) >>> 0;
    case SKF_AD.cpu: return (meta?.cpu ?? 0) >>> 0;
    case SKF_AD.alu_xor_x: return (a ^ x) >>> 0;
    case SKF_AD.vlan_tci: return (meta?.vlanTci ?? 0) & 0xffff;
    case SKF_AD.vlan_avail: return meta?.vlanPresent ? 1 : 0;
    case SKF_AD.poff: {
      if (meta?.payOffset !== undefined) return meta.payOffset >>> 0;
      const proto = meta?.protocol ?? deriveProtocol(p, linkType);
      return derivePayOffset(p, linkType, proto, meta?.netOff ?? deriveNetOff(p, linkType));
    }
    case SKF_AD.rand: return (meta?.random ?? rand)() >>> 0;
    case SKF_AD.vlan_tpid: return (meta?.vlanTpid ?? 0) & 0xffff;
    default: return RETURN_ZERO; // unknown offsets never pass the checker; without it they behave like a fault
  }
}

/** Compiles a classic program into a fast runner. See `decodeClassic` for what is rejected. */
export function compileClassic(prog: readonly SockFilter[], options: CompileOptions = {}): ClassicRunner {
  const d = decodeClassic(prog, options.semantics);
  const { op, k, jt, jf, size, usesMem } = d;
  const linkType = options.linkType ?? LinkType.EN10MB;
  const budget = options.loopBudget ?? 1_000_000;
  const M = new Uint32Array(BPF_MEMWORDS);
  const rand = defaultRandom();

  return function runClassic(p: Uint8Array, meta?: SkbMeta): number {
    let A = 0;
    let X = 0;
    let pc = 0;
    let loops = 0;
    let v = 0;
    const caplen = p.length;
    if (usesMem) M.fill(0);
    for (;;) {
      const kk = k[pc]!;
      switch (op[pc]) {
        case Op.RET_K: return kk;
        case Op.RET_A: return A;
        case Op.RET_X: return X;
        case Op.LDW_ABS:
          if (kk + 4 > caplen) return 0;
          A = ((p[kk]! << 24) | (p[kk + 1]! << 16) | (p[kk + 2]! << 8) | p[kk + 3]!) >>> 0;
          break;
        case Op.LDH_ABS:
          if (kk + 2 > caplen) return 0;
          A = (p[kk]! << 8) | p[kk + 1]!;
          break;
        case Op.LDB_ABS:
          if (kk >= caplen) return 0;
          A = p[kk]!;
          break;
        case Op.LDW_IND:
          if ((v = loadAt(p, (X + kk) | 0, 4, meta, linkType)) < 0) return 0;
          A = v;
          break;
        case Op.LDH_IND: {
          const o = (X + kk) | 0;
          if (o >= 0 && o + 2 <= caplen) A = (p[o]! << 8) | p[o + 1]!;
          else if ((v = loadAt(p, o, 2, meta, linkType)) < 0) return 0;
          else A = v;
          break;
        }
        case Op.LDB_IND: {
          const o = (X + kk) | 0;
          if (o >= 0 && o < caplen) A = p[o]!;
          else if ((v = loadAt(p, o, 1, meta, linkType)) < 0) return 0;
          else A = v;
          break;
        }
        case Op.LD_NEG:
          if ((v = loadNegative(p, kk | 0, size[pc]!, meta, linkType)) < 0) return 0;
          A = v;
          break;
        case Op.LD_LEN: A = (meta?.len ?? caplen) >>> 0; break;
        case Op.LD_IMM: A = kk; break;
        case Op.LD_MEM: A = M[kk]!; break;
        case Op.LDX_LEN: X = (meta?.len ?? caplen) >>> 0; break;
        case Op.LDX_IMM: X = kk; break;
        case Op.LDX_MEM: X = M[kk]!; break;
        case Op.LDX_MSH:
          if (kk < caplen) X = (p[kk]! & 0xf) << 2;
          else if ((v = loadAt(p, kk | 0, 1, meta, linkType)) < 0) return 0;
          else X = (v & 0xf) << 2;
          break;
        case Op.LDX_ABS_LE: // seccomp: a host-order (little-endian) word of seccomp_data
          if (kk + 4 > caplen) return 0;
          A = (p[kk]! | (p[kk + 1]! << 8) | (p[kk + 2]! << 16) | (p[kk + 3]! << 24)) >>> 0;
          break;
        case Op.ST: M[kk] = A; break;
        case Op.STX: M[kk] = X; break;
        case Op.ADD_K: A = (A + kk) >>> 0; break;
        case Op.ADD_X: A = (A + X) >>> 0; break;
        case Op.SUB_K: A = (A - kk) >>> 0; break;
        case Op.SUB_X: A = (A - X) >>> 0; break;
        case Op.MUL_K: A = Math.imul(A, kk) >>> 0; break;
        case Op.MUL_X: A = Math.imul(A, X) >>> 0; break;
        case Op.DIV_K: if (kk === 0) return 0; A = (A / kk) >>> 0; break;
        case Op.DIV_X: if (X === 0) return 0; A = (A / X) >>> 0; break;
        case Op.MOD_K: if (kk === 0) return 0; A = A % kk; break;
        case Op.MOD_X: if (X === 0) return 0; A = A % X; break;
        case Op.AND_K: A = (A & kk) >>> 0; break;
        case Op.AND_X: A = (A & X) >>> 0; break;
        case Op.OR_K: A = (A | kk) >>> 0; break;
        case Op.OR_X: A = (A | X) >>> 0; break;
        case Op.XOR_K: A = (A ^ kk) >>> 0; break;
        case Op.XOR_X: A = (A ^ X) >>> 0; break;
        case Op.LSH_K: A = (A << kk) >>> 0; break;
        case Op.LSH_X: A = (A << X) >>> 0; break;
        case Op.RSH_K: A = A >>> kk; break;
        case Op.RSH_X: A = A >>> X; break;
        case Op.NEG: A = -A >>> 0; break;
        case Op.TAX: X = A; break;
        case Op.TXA: A = X; break;
        case Op.JA: {
          const to = jt[pc]!;
          if (to <= pc && ++loops > budget) {
            throw new VmError('instruction-limit', `more than ${budget} backward jumps`, pc);
          }
          pc = to;
          continue;
        }
        case Op.JEQ_K: pc = A === kk ? jt[pc]! : jf[pc]!; continue;
        case Op.JEQ_X: pc = A === X ? jt[pc]! : jf[pc]!; continue;
        case Op.JGT_K: pc = A > kk ? jt[pc]! : jf[pc]!; continue;
        case Op.JGT_X: pc = A > X ? jt[pc]! : jf[pc]!; continue;
        case Op.JGE_K: pc = A >= kk ? jt[pc]! : jf[pc]!; continue;
        case Op.JGE_X: pc = A >= X ? jt[pc]! : jf[pc]!; continue;
        case Op.JSET_K: pc = (A & kk) !== 0 ? jt[pc]! : jf[pc]!; continue;
        case Op.JSET_X: pc = (A & X) !== 0 ? jt[pc]! : jf[pc]!; continue;
        case Op.LSH_X_PCAP: A = X < 32 ? (A << X) >>> 0 : 0; break;
        case Op.RSH_X_PCAP: A = X < 32 ? A >>> X : 0; break;
        case Op.FAIL: return 0;
        case Op.LD_IND_PCAP: {
          const o = X + kk;
          const sz = size[pc]!;
          if (o + sz > caplen) return 0;
          A = sz === 1 ? p[o]! : sz === 2 ? (p[o]! << 8) | p[o + 1]! : ((p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!) >>> 0;
          break;
        }
        case Op.LDX_MSH_PCAP:
          if (kk >= caplen) return 0;
          X = (p[kk]! & 0xf) << 2;
          break;
        case Op.VLAN_AUX:
          if (meta?.vlanPresent === undefined) return 0;
          A = kk === SKF_AD.vlan_avail ? (meta.vlanPresent ? 1 : 0) : (meta.vlanTci ?? 0) & 0xffff;
          break;
        case Op.ANC:
          if ((v = ancillary(kk, p, A, X, meta, linkType, rand)) < 0) return v === RETURN_A ? A : 0;
          A = v;
          break;
        default: return 0; // unreachable: decodeClassic produced every op
      }
      pc++;
    }
  };
}

/** Convenience: runs a program once. */
export function runClassic(prog: readonly SockFilter[], packet: Uint8Array, meta?: SkbMeta, options?: CompileOptions): number {
  return compileClassic(prog, options)(packet, meta);
}
