/**
 * cBPF → eBPF conversion with the kernel's mapping (net/core/filter.c `bpf_convert_filter`,
 * `convert_bpf_ld_abs`, `convert_bpf_extensions`), run by tsbpf's eBPF VM.
 *
 * Registers: A = r0, X = r7, TMP = r2, CTX = r6 (copied from r1), D = r8 (packet data),
 * H = r9 (linear length), FP = r10; M[k] lives on the stack at FP - (4k + 4).
 * The context is `ClassicSkb` below — our stand-in for `struct sk_buff`: the same fields the
 * conversion reads, at offsets of our choosing. Packet loads use the kernel's fast path (inline
 * bounds check against H, load, byte swap) and its slow path (a call to the skb load helper, which
 * also resolves SKF_NET_OFF / SKF_LL_OFF); extensions are context loads or helper calls.
 * Helpers that are internal kernel functions get ids in a private range (CLASSIC_HELPER).
 */
import { DecodeError } from '../errors.js';
import { BPF_MEMWORDS, classicFormOf, SKF_AD, SKF_AD_OFF, SKF_LL_OFF, SKF_NET_OFF, type SockFilter } from '../isa/classic.js';
import { type Insn, insn } from '../isa/insn.js';
import { AluOp, Class, JmpOp, Mode, Size, Source } from '../isa/opcodes.js';
import { type HelperContext, HelperTable } from '../vm/helpers.js';
import { Vm } from '../vm/interpreter.js';
import { createExecutor, type Engine } from '../jit/run.js';
import type { Region } from '../vm/memory.js';
import {
  defaultRandom, deriveHatype, deriveIfindex, deriveMacOff, deriveNetOff, derivePayOffset, derivePktType,
  deriveProtocol, LinkType, nlattr, nlattrNest, type SkbMeta,
} from './skb.js';

const A = 0;
const X = 7;
const TMP = 2;
const CTX = 6;
const D = 8;
const H = 9;
const FP = 10;
const ARG1 = 1;
const ARG2 = 2;
const ARG3 = 3;
const ARG4 = 4;

/** Layout of the context the converted program reads (r1 at entry). */
export const ClassicSkb = {
  data: 0, // u64: VM address of the packet bytes
  len: 8, // u32: skb->len, the wire length (`ld #len`)
  dataLen: 12, // u32: skb->data_len; len - data_len = bytes present (H)
  protocol: 16, // __be16
  vlanProto: 18, // __be16
  pktType: 20, // u8 (low 3 bits)
  dev: 24, // u64: address of the device record below, or 0 for no device
  mark: 32, // u32
  queueMapping: 36, // u16
  hash: 40, // u32
  vlanTci: 44, // u16
  vlanAll: 48, // u32: nonzero when a tag is present
  netOff: 52, // u32: network header offset (SKF_NET_OFF base)
  macOff: 56, // u32: MAC header offset (SKF_LL_OFF base), 0xffffffff if none
  payOffset: 60, // u32: what the flow dissector found for #poff
  devIfindex: 64, // u32: net_device.ifindex
  devType: 68, // u16: net_device.type (ARPHRD_*)
  size: 72,
} as const;

/** Helper ids: the kernel's public ids where one exists, a private range for internal functions. */
export const CLASSIC_HELPER = {
  prandom: 7, // bpf_get_prandom_u32 (the kernel calls bpf_user_rnd_u32)
  cpu: 8, // bpf_get_smp_processor_id (the kernel calls bpf_get_raw_cpu_id)
  load8: 0x7c000001, // bpf_skb_load_helper_8(skb, data, headlen, offset)
  load16: 0x7c000002,
  load32: 0x7c000003,
  payOffset: 0x7c000004, // bpf_skb_get_pay_offset(skb)
  nlattr: 0x7c000005, // bpf_skb_get_nlattr(skb, A, X)
  nlattrNest: 0x7c000006, // bpf_skb_get_nlattr_nest(skb, A, X)
} as const;

const alu32Imm = (op: number, dst: number, imm: number): Insn => insn(Class.ALU | op | Source.K, dst, 0, 0, imm | 0);
const alu32Reg = (op: number, dst: number, src: number): Insn => insn(Class.ALU | op | Source.X, dst, src);
const alu64Imm = (op: number, dst: number, imm: number): Insn => insn(Class.ALU64 | op | Source.K, dst, 0, 0, imm | 0);
const mov64 = (dst: number, src: number): Insn => insn(Class.ALU64 | AluOp.mov | Source.X, dst, src);
const ldx = (size: number, dst: number, src: number, off: number): Insn => insn(Class.LDX | Mode.MEM | size, dst, src, off);
const jmpImm = (op: number, dst: number, imm: number, off: number): Insn => insn(Class.JMP | op | Source.K, dst, 0, off, imm | 0);
const be = (dst: number, bits: number): Insn => insn(Class.ALU | AluOp.end | Source.X, dst, 0, 0, bits);
const call = (id: number): Insn => insn(Class.JMP | JmpOp.call, 0, 0, 0, id | 0);
const exit = (): Insn => insn(Class.JMP | JmpOp.exit);
const SIZE = { 1: Size.B, 2: Size.H, 4: Size.W } as const;

/** An emitted instruction whose `off` is filled in once every classic instruction has its address. */
interface Pending { insn: Insn; target?: number }

/** `convert_bpf_ld_abs`: the inline fast path (absolute, non-negative k) and the helper call. */
function ldAbs(out: Pending[], size: 1 | 2 | 4, k: number, indirect: boolean): void {
  const offset = k | 0;
  const endian = size !== 1;
  if (!indirect && offset >= 0) {
    const ldxOffOk = offset <= 0x7fff;
    out.push({ insn: mov64(TMP, H) });
    if (offset) out.push({ insn: alu64Imm(AluOp.sub, TMP, offset) });
    out.push({ insn: jmpImm(JmpOp.jslt, TMP, size, 2 + (endian ? 1 : 0) + (ldxOffOk ? 0 : 2)) });
    if (ldxOffOk) out.push({ insn: ldx(SIZE[size], A, D, offset) });
    else {
      out.push({ insn: mov64(TMP, D) }, { insn: alu64Imm(AluOp.add, TMP, offset) }, { insn: ldx(SIZE[size], A, TMP, 0) });
    }
    if (endian) out.push({ insn: be(A, size * 8) });
    out.push({ insn: insn(Class.JMP | JmpOp.ja, 0, 0, 8) });
  }
  out.push({ insn: mov64(ARG1, CTX) }, { insn: mov64(ARG2, D) }, { insn: mov64(ARG3, H) });
  if (!indirect) out.push({ insn: insn(Class.ALU64 | AluOp.mov | Source.K, ARG4, 0, 0, offset) });
  else {
    out.push({ insn: mov64(ARG4, X) });
    if (k) out.push({ insn: alu64Imm(AluOp.add, ARG4, offset) });
  }
  out.push({ insn: call(size === 1 ? CLASSIC_HELPER.load8 : size === 2 ? CLASSIC_HELPER.load16 : CLASSIC_HELPER.load32) });
  out.push({ insn: jmpImm(JmpOp.jsge, A, 0, 2) }, { insn: alu32Reg(AluOp.xor, A, A) }, { insn: exit() });
}

/** `convert_bpf_extensions`; returns false for an offset that is not an extension. */
function extension(out: Pending[], off: number): boolean {
  const e = (i: Insn): void => { out.push({ insn: i }); };
  switch (off) {
    case SKF_AD.proto: e(ldx(Size.H, A, CTX, ClassicSkb.protocol)); e(be(A, 16)); return true;
    case SKF_AD.type: e(ldx(Size.B, A, CTX, ClassicSkb.pktType)); e(alu32Imm(AluOp.and, A, 7)); return true;
    case SKF_AD.ifidx: case SKF_AD.hatype:
      e(ldx(Size.DW, TMP, CTX, ClassicSkb.dev));
      e(jmpImm(JmpOp.jne, TMP, 0, 1));
      e(exit()); // no device: the program ends with r0 = A
      e(off === SKF_AD.ifidx ? ldx(Size.W, A, TMP, 0) : ldx(Size.H, A, TMP, ClassicSkb.devType - ClassicSkb.devIfindex));
      return true;
    case SKF_AD.mark: e(ldx(Size.W, A, CTX, ClassicSkb.mark)); return true;
    case SKF_AD.rxhash: e(ldx(Size.W, A, CTX, ClassicSkb.hash)); return true;
    case SKF_AD.queue: e(ldx(Size.H, A, CTX, ClassicSkb.queueMapping)); return true;
    case SKF_AD.vlan_tci: e(ldx(Size.H, A, CTX, ClassicSkb.vlanTci)); return true;
    case SKF_AD.vlan_avail:
      e(ldx(Size.W, A, CTX, ClassicSkb.vlanAll));
      e(jmpImm(JmpOp.jeq, A, 0, 1));
      e(insn(Class.ALU | AluOp.mov | Source.K, A, 0, 0, 1));
      return true;
    case SKF_AD.vlan_tpid: e(ldx(Size.H, A, CTX, ClassicSkb.vlanProto)); e(be(A, 16)); return true;
    case SKF_AD.poff: case SKF_AD.nla: case SKF_AD.nlan: case SKF_AD.cpu: case SKF_AD.rand:
      e(mov64(ARG1, CTX));
      e(mov64(ARG2, A));
      e(mov64(ARG3, X));
      e(call({
        [SKF_AD.poff]: CLASSIC_HELPER.payOffset, [SKF_AD.nla]: CLASSIC_HELPER.nlattr, [SKF_AD.nlan]: CLASSIC_HELPER.nlattrNest,
        [SKF_AD.cpu]: CLASSIC_HELPER.cpu, [SKF_AD.rand]: CLASSIC_HELPER.prandom,
      }[off]!));
      return true;
    case SKF_AD.alu_xor_x: e(alu32Reg(AluOp.xor, A, X)); return true;
    default: return false;
  }
}

export interface ConvertedClassic {
  insns: Insn[];
  /** Bytes of stack the M[] cells use. */
  stackDepth: number;
  /** The program loads packet bytes (and so caches data/headlen in its prologue). */
  seenLdAbs: boolean;
  /** eBPF index of the first instruction of each classic instruction (after the prologue). */
  addrs: number[];
}

/** Converts a classic program (checked or not) as the kernel does. Throws DecodeError for what it cannot map. */
export function convertClassic(prog: readonly SockFilter[]): ConvertedClassic {
  const len = prog.length;
  const seenLdAbs = prog.some((i) => {
    const f = classicFormOf(i.code);
    return f !== undefined && (f.operand === 'ind' || f.operand === 'msh' || (f.kind === 'ld' && f.operand === 'abs' && ((i.k >>> 0) < (SKF_AD_OFF >>> 0))));
  });
  const out: Pending[] = [
    { insn: alu32Reg(AluOp.xor, A, A) }, { insn: alu32Reg(AluOp.xor, X, X) }, { insn: mov64(CTX, ARG1) },
  ];
  if (seenLdAbs) {
    out.push({ insn: ldx(Size.DW, D, CTX, ClassicSkb.data) }, { insn: ldx(Size.W, H, CTX, ClassicSkb.len) },
      { insn: ldx(Size.W, TMP, CTX, ClassicSkb.dataLen) }, { insn: alu32Reg(AluOp.sub, H, TMP) });
  }
  const addrs: number[] = [];
  let stackDepth = 0;
  prog.forEach((i, pc) => {
    addrs.push(out.length);
    const f = classicFormOf(i.code);
    const k = i.k >>> 0;
    const bad = (why: string): never => { throw new DecodeError(`cannot convert: ${why}`, pc); };
    const jumpTo = (target: number): number => (target >= 0 && target < len ? target : bad(`jump to ${target} leaves the program`));
    if (f === undefined) bad(`unknown opcode 0x${i.code.toString(16)}`);
    switch (f!.kind) {
      case 'alu': case 'neg':
        if (f!.kind === 'alu' && f!.operand === 'x' && (f!.op === 'div' || f!.op === 'mod')) {
          out.push({ insn: insn(Class.ALU | AluOp.mov | Source.X, X, X) }, { insn: jmpImm(JmpOp.jne, X, 0, 2) },
            { insn: alu32Reg(AluOp.xor, A, A) }, { insn: exit() });
        }
        // Classic ALU opcodes are eBPF ALU32 opcodes.
        out.push({ insn: insn(i.code & 0xff, A, f!.operand === 'x' ? X : 0, 0, k | 0) });
        break;
      case 'ld':
        if (f!.operand === 'abs' && k >= (SKF_AD_OFF >>> 0)) {
          if (!extension(out, k - (SKF_AD_OFF >>> 0))) bad(`unknown ancillary offset 0x${k.toString(16)}`);
        } else if (f!.operand === 'abs' || f!.operand === 'ind') ldAbs(out, f!.size as 1 | 2 | 4, k, f!.operand === 'ind');
        else if (f!.operand === 'len') out.push({ insn: ldx(Size.W, A, CTX, ClassicSkb.len) });
        else if (f!.operand === 'imm') out.push({ insn: insn(Class.ALU | AluOp.mov | Source.K, A, 0, 0, k | 0) });
        else {
          if (k >= BPF_MEMWORDS) bad(`M[${k}]`);
          out.push({ insn: ldx(Size.W, A, FP, -(k * 4 + 4)) });
        }
        break;
      case 'ldx':
        if (f!.operand === 'len') out.push({ insn: ldx(Size.W, X, CTX, ClassicSkb.len) });
        else if (f!.operand === 'imm') out.push({ insn: insn(Class.ALU | AluOp.mov | Source.K, X, 0, 0, k | 0) });
        else if (f!.operand === 'mem') {
          if (k >= BPF_MEMWORDS) bad(`M[${k}]`);
          out.push({ insn: ldx(Size.W, X, FP, -(k * 4 + 4)) });
        } else { // MSH: X = 4 * (pkt[k] & 0xf), keeping A
          out.push({ insn: mov64(X, A) });
          ldAbs(out, 1, k, false);
          out.push({ insn: alu32Imm(AluOp.and, A, 0xf) }, { insn: alu32Imm(AluOp.lsh, A, 2) }, { insn: mov64(TMP, X) },
            { insn: mov64(X, A) }, { insn: mov64(A, TMP) });
        }
        break;
      case 'ldxabs': out.push({ insn: ldx(Size.W, A, CTX, k | 0) }); break; // seccomp_data word
      case 'st': case 'stx':
        if (k >= BPF_MEMWORDS) bad(`M[${k}]`);
        stackDepth = Math.max(stackDepth, k * 4 + 4);
        out.push({ insn: insn(Class.STX | Mode.MEM | Size.W, FP, f!.kind === 'st' ? A : X, -(k * 4 + 4)) });
        break;
      case 'tax': out.push({ insn: mov64(X, A) }); break;
      case 'txa': out.push({ insn: mov64(A, X) }); break;
      case 'ret':
        if (f!.operand === 'x') bad('ret x has no eBPF mapping (Linux rejects it)');
        if (f!.operand === 'k') out.push({ insn: insn(Class.ALU | AluOp.mov | Source.K, 0, 0, 0, k | 0) });
        out.push({ insn: exit() });
        break;
      case 'ja':
        out.push({ insn: insn(Class.JMP | JmpOp.ja), target: jumpTo(pc + 1 + (k | 0)) });
        break;
      case 'jcc': {
        let src: number = f!.operand === 'x' ? Source.X : Source.K;
        let srcReg = f!.operand === 'x' ? X : 0;
        let imm = k | 0;
        if (src === Source.K && imm < 0) {
          // eBPF immediates sign-extend: compare against a zero-extended register instead.
          out.push({ insn: insn(Class.ALU | AluOp.mov | Source.K, TMP, 0, 0, imm) });
          src = Source.X;
          srcReg = TMP;
          imm = 0;
        }
        const op = { jeq: JmpOp.jeq, jgt: JmpOp.jgt, jge: JmpOp.jge, jset: JmpOp.jset }[f!.op as 'jeq']!;
        const inverse = { [JmpOp.jeq]: JmpOp.jne, [JmpOp.jgt]: JmpOp.jle, [JmpOp.jge]: JmpOp.jlt } as Record<number, number>;
        const jt = jumpTo(pc + 1 + i.jt);
        const jf = jumpTo(pc + 1 + i.jf);
        if (i.jf === 0) out.push({ insn: insn(Class.JMP | op | src, A, srcReg, 0, imm), target: jt });
        else if (i.jt === 0 && inverse[op] !== undefined) out.push({ insn: insn(Class.JMP | inverse[op]! | src, A, srcReg, 0, imm), target: jf });
        else out.push({ insn: insn(Class.JMP | op | src, A, srcReg, 0, imm), target: jt }, { insn: insn(Class.JMP | JmpOp.ja), target: jf });
        break;
      }
    }
  });
  // Resolve jump offsets: relative to the next eBPF instruction, and must fit in s16.
  const insns = out.map((p, at) => {
    if (p.target === undefined) return p.insn;
    const off = addrs[p.target]! - at - 1;
    if (off < -0x8000 || off > 0x7fff) throw new DecodeError(`converted jump offset ${off} does not fit in 16 bits`, p.target);
    return { ...p.insn, off };
  });
  return { insns, stackDepth, seenLdAbs, addrs };
}

// --- Helpers ---------------------------------------------------------------------------------------

const EFAULT = BigInt.asUintN(64, -14n);

function u32At(ctx: HelperContext, addr: bigint): number {
  const b = ctx.bytes(addr, 4, false);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

/** `bpf_skb_load_helper_N`: big-endian load at a signed offset, or -EFAULT. */
function loadHelper(size: 1 | 2 | 4) {
  return (ctx: HelperContext, skb: bigint, data: bigint, headlen: bigint, off: bigint): bigint => {
    const offset = Number(BigInt.asIntN(32, off));
    const h = Number(BigInt.asIntN(32, headlen));
    let addr: bigint;
    if (offset >= 0) {
      if (h - offset < size) return EFAULT;
      addr = data + BigInt(offset);
    } else {
      let base: number;
      if (offset >= SKF_NET_OFF) base = u32At(ctx, skb + BigInt(ClassicSkb.netOff)) + offset - SKF_NET_OFF;
      else if (offset >= SKF_LL_OFF) {
        const mac = u32At(ctx, skb + BigInt(ClassicSkb.macOff));
        if (mac === 0xffffffff) return EFAULT;
        base = mac + offset - SKF_LL_OFF;
      } else return EFAULT;
      if (base < 0 || base + size > h) return EFAULT;
      addr = data + BigInt(base);
    }
    const b = ctx.bytes(addr, size, false);
    return BigInt(size === 1 ? b[0]! : size === 2 ? (b[0]! << 8) | b[1]! : ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
  };
}

/** The bytes present in the packet, from the context's data pointer and H = len - data_len. */
function packetOf(ctx: HelperContext, skb: bigint): Uint8Array {
  const c = ctx.bytes(skb, ClassicSkb.size, false);
  const v = new DataView(c.buffer, c.byteOffset, c.byteLength);
  const data = v.getBigUint64(ClassicSkb.data, true);
  const present = (v.getUint32(ClassicSkb.len, true) - v.getUint32(ClassicSkb.dataLen, true)) >>> 0;
  return present === 0 ? new Uint8Array(0) : ctx.bytes(data, present, false).slice();
}

export interface ClassicHelperEnv {
  cpu?: () => number;
  random?: () => number;
}

/** The helper table converted classic programs call. */
export function classicHelpers(env: ClassicHelperEnv = {}): HelperTable {
  const random = env.random ?? defaultRandom();
  const t = new HelperTable();
  t.register(CLASSIC_HELPER.load8, 'bpf_skb_load_helper_8', loadHelper(1));
  t.register(CLASSIC_HELPER.load16, 'bpf_skb_load_helper_16', loadHelper(2));
  t.register(CLASSIC_HELPER.load32, 'bpf_skb_load_helper_32', loadHelper(4));
  t.register(CLASSIC_HELPER.payOffset, 'bpf_skb_get_pay_offset', (ctx, skb) => BigInt(u32At(ctx, skb + BigInt(ClassicSkb.payOffset))));
  t.register(CLASSIC_HELPER.nlattr, 'bpf_skb_get_nlattr', (ctx, skb, a, x) => BigInt(nlattr(packetOf(ctx, skb), Number(a & 0xffffffffn), Number(x & 0xffffffffn))));
  t.register(CLASSIC_HELPER.nlattrNest, 'bpf_skb_get_nlattr_nest', (ctx, skb, a, x) => BigInt(nlattrNest(packetOf(ctx, skb), Number(a & 0xffffffffn), Number(x & 0xffffffffn))));
  t.register(CLASSIC_HELPER.cpu, 'bpf_get_raw_cpu_id', () => BigInt((env.cpu?.() ?? 0) >>> 0));
  t.register(CLASSIC_HELPER.prandom, 'bpf_user_rnd_u32', () => BigInt(random() >>> 0));
  return t;
}

// --- Running converted programs ----------------------------------------------------------------------

/** Fills the context for one packet (fields from `meta`, or derived like the classic interpreter does). */
export function writeClassicSkb(view: DataView, dataAddr: number, p: Uint8Array, meta: SkbMeta | undefined, linkType: number): void {
  const len = (meta?.len ?? p.length) >>> 0;
  const protocol = (meta?.protocol ?? deriveProtocol(p, linkType)) & 0xffff;
  const netOff = meta?.netOff ?? deriveNetOff(p, linkType);
  const macOff = meta?.macOff === undefined ? deriveMacOff(linkType) : meta.macOff;
  const ifindex = meta?.ifindex === undefined ? deriveIfindex(p, linkType) : meta.ifindex;
  view.setBigUint64(ClassicSkb.data, BigInt(dataAddr), true);
  view.setUint32(ClassicSkb.len, len, true);
  view.setUint32(ClassicSkb.dataLen, (len - p.length) >>> 0, true);
  view.setUint16(ClassicSkb.protocol, protocol, false);
  view.setUint16(ClassicSkb.vlanProto, (meta?.vlanTpid ?? 0) & 0xffff, false);
  view.setUint32(ClassicSkb.pktType, (meta?.pktType ?? derivePktType(p, linkType)) & 7, true);
  view.setUint32(ClassicSkb.mark, (meta?.mark ?? 0) >>> 0, true);
  view.setUint32(ClassicSkb.queueMapping, (meta?.queue ?? 0) & 0xffff, true);
  view.setUint32(ClassicSkb.hash, (meta?.rxhash ?? 0) >>> 0, true);
  view.setUint32(ClassicSkb.vlanTci, (meta?.vlanTci ?? 0) & 0xffff, true);
  view.setUint32(ClassicSkb.vlanAll, meta?.vlanPresent ? 1 : 0, true);
  view.setUint32(ClassicSkb.netOff, netOff >>> 0, true);
  view.setUint32(ClassicSkb.macOff, macOff === null ? 0xffffffff : macOff >>> 0, true);
  view.setUint32(ClassicSkb.payOffset, (meta?.payOffset ?? derivePayOffset(p, linkType, protocol, netOff)) >>> 0, true);
  view.setUint32(ClassicSkb.devIfindex, (ifindex ?? 0) >>> 0, true);
  view.setUint32(ClassicSkb.devType, (meta?.hatype ?? deriveHatype(p, linkType)) & 0xffff, true);
}

export interface EbpfClassicOptions {
  linkType?: number;
  /** Largest packet the runner accepts (default 262144). */
  maxPacket?: number;
  env?: ClassicHelperEnv;
  /** Executor for the translation: 'jit' (default, WebAssembly) or 'interp'. */
  engine?: Engine;
}

/**
 * Converts a classic program and returns a runner with the same signature as `compileClassic`'s,
 * executing the eBPF translation in the VM. For differential testing and for running cBPF on the
 * eBPF engine; `compileClassic` is the fast path.
 */
export function compileClassicToEbpf(prog: readonly SockFilter[], options: EbpfClassicOptions = {}): (packet: Uint8Array, meta?: SkbMeta) => number {
  const { insns } = convertClassic(prog);
  const linkType = options.linkType ?? LinkType.EN10MB;
  const defaultRand = options.env?.random ?? defaultRandom();
  const defaultCpu = options.env?.cpu ?? ((): number => 0);
  let random = defaultRand;
  let cpu = defaultCpu;
  const vm = createExecutor(insns, { helpers: classicHelpers({ random: () => random(), cpu: () => cpu() }), engine: options.engine ?? 'jit' });
  const ctx = vm.vm.space.map('ctx', ClassicSkb.size, { writable: false });
  const packet: Region = vm.vm.space.map('packet', 0, { capacity: options.maxPacket ?? 262144 });
  // The context is rebuilt in place for every packet: no allocation per run.
  const ctxBytes = new Uint8Array(ClassicSkb.size);
  const ctxView = new DataView(ctxBytes.buffer);
  const devAddr = BigInt(ctx.vmAddr + ClassicSkb.devIfindex);
  const args = [ctx.vmAddr];
  return (p: Uint8Array, meta?: SkbMeta): number => {
    random = meta?.random ?? defaultRand;
    const metaCpu = meta?.cpu;
    cpu = metaCpu === undefined ? defaultCpu : () => metaCpu;
    vm.vm.space.setLength(packet, p.length);
    vm.vm.space.write(packet.vmAddr, p);
    const ifindex = meta?.ifindex === undefined ? deriveIfindex(p, linkType) : meta.ifindex;
    writeClassicSkb(ctxView, packet.vmAddr, p, meta, linkType);
    ctxView.setBigUint64(ClassicSkb.dev, ifindex === null ? 0n : devAddr, true);
    vm.vm.space.write(ctx.vmAddr, ctxBytes);
    return Number(vm.run(args).r0 & 0xffffffffn);
  };
}

/** Runs a converted seccomp program (after `checkSeccomp`) on a 64-byte seccomp_data. */
export function compileSeccompToEbpf(prog: readonly SockFilter[]): (data: Uint8Array) => number {
  const vm = new Vm(convertClassic(prog).insns, { helpers: classicHelpers() });
  const ctx = vm.space.map('seccomp_data', 64, { writable: false });
  return (data: Uint8Array): number => {
    vm.space.write(ctx.vmAddr, data);
    return Number(vm.run([ctx.vmAddr]).r0 & 0xffffffffn);
  };
}

