/**
 * Code generation, after libpcap 1.10's gencode.c: each primitive becomes a small graph of
 * blocks built in the same order, with the same loads and the same scratch-register allocation,
 * so that the linearised unoptimised program equals `tcpdump -O -d` instruction for instruction.
 */
import * as isa from '../isa/classic.js';
import type { ArithOp, Arth, Expr, Id, Proto, Qual, RelOp } from './ast.js';
import { Block, type Stmt, JMP, JEQ, backpatch, genAnd, genNot, genOr } from './blocks.js';
import { FilterError } from './errors.js';
import { parseIpv6 } from './lexer.js';
import type { LinkTypeInfo } from './linktype.js';
import { IPPROTO, PROTO_UNDEF, lookupEtherProto, lookupIpProto, lookupService } from './names.js';

// Module-level copies: reading them is a plain property access in every module format.
const { BPF_MEMWORDS, CAluOp, CClass, CJmpOp, CMiscOp, CMode, CSize, CSrc, SKF_AD, SKF_AD_OFF } = isa;

const ETHERTYPE = { PPPOED: 0x8863, PPPOES: 0x8864, IP: 0x0800, ARP: 0x0806, REVARP: 0x8035, IPV6: 0x86dd, VLAN: 0x8100, QINQ_AD: 0x88a8, QINQ_OLD: 0x9100, MPLS: 0x8847 } as const;
const ETHERMTU = 1500;
const LLCSAP = { IP: 0x06, ISONS: 0xfe, NETBEUI: 0xf0 } as const;
const LINUX_SLL_P_802_2 = 4;
const LINUX_SLL_OUTGOING = 4;
/** LLC supervisory and unnumbered command codes (llc.h). */
const LLC_S_SUBTYPES: Record<string, number> = { rr: 0x01, rnr: 0x05, rej: 0x09 };
const LLC_U_SUBTYPES: Record<string, number> = { ui: 0x03, ua: 0x63, disc: 0x43, dm: 0x0f, sabme: 0x6f, test: 0xe3, xid: 0xaf, frmr: 0x87 };
const PACKET_OUTGOING = 4;
const AF_INET = 2;
const AF_INET6 = 10;

/** PPP protocol numbers for the Ethernet types that have one (ethertype_to_ppptype). */
function ethertypeToPpp(llProto: number): number {
  switch (llProto) {
    case 0x0800: return 0x0021; // IPv4
    case 0x86dd: return 0x0057; // IPv6
    case 0x6003: return 0x0027; // DECnet
    case 0x809b: return 0x0029; // AppleTalk
    case 0x0600: return 0x0025; // Xerox NS
    case 0xfe: return 0x0023; // OSI
    case 0x42: return 0x0031; // bridging PDU
    case 0xe0: return 0x002b; // IPX
    default: return llProto;
  }
}

/** What an offset is relative to (libpcap's `enum e_offrel`). */
type OffRel = 'packet' | 'linkhdr' | 'linktype' | 'linkpl' | 'llc' | 'tran-ipv4' | 'tran-ipv6' | 'prevmplshdr';

const SIZE_CODE: Record<number, number> = { 1: CSize.B, 2: CSize.H, 4: CSize.W };
const ALU_CODE: Record<ArithOp, number> = {
  add: CAluOp.ADD, sub: CAluOp.SUB, mul: CAluOp.MUL, div: CAluOp.DIV, mod: CAluOp.MOD, and: CAluOp.AND,
  or: CAluOp.OR, xor: CAluOp.XOR, lsh: CAluOp.LSH, rsh: CAluOp.RSH,
};
const REL_CODE: Record<RelOp, number> = { jgt: CJmpOp.JGT, jge: CJmpOp.JGE, jeq: CJmpOp.JEQ };

/** A value of an arithmetic expression: its code, the scratch cell holding it, and its guard. */
interface ArthValue {
  s: Stmt[];
  regno: number;
  /** Protocol checks that must pass before the value is meaningful (ANDed into the relation). */
  b: Block | null;
}

const st = (code: number, k = 0): Stmt => ({ code, k });
const bswap32 = (v: number): number => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;

/** Parses a dotted IPv4 address or prefix like libpcap's __pcap_atoin: value and bit length. */
function atoin(text: string): { value: number; len: number } | undefined {
  let value = 0;
  let len = 0;
  for (const part of text.split('.')) {
    const n = Number(part);
    if (!/^\d+$/.test(part) || n > 255) return undefined;
    value = ((value << 8) | n) >>> 0;
    len += 8;
  }
  return { value, len };
}

export interface GenOptions {
  snaplen: number;
  /** The netmask `ip broadcast` uses; tcpdump passes 0 when it has no interface. */
  netmask: number;
  /**
   * Compile for a capture file (tcpdump -r) rather than a live link type (tcpdump -y). It matters
   * for NULL: a file may come from any OS, so IPv6 matches the BSD AF_INET6 values, not Linux's.
   */
  savefile: boolean;
}

export class CodeGen {
  private readonly lt: LinkTypeInfo;
  private readonly opts: GenOptions;
  /** Offsets that `vlan` and `mpls` move as the expression is read. */
  private offLinktype: number;
  private offLinkpl: number;
  private offNl: number;
  private offNlNosnap: number;
  /** The link layer being looked at: the capture's, or PPP inside PPPoE after `pppoes`. */
  private link: LinkTypeInfo['name'] | 'PPP';
  /** Offset of that link-layer header (moved by `pppoes`). */
  private offLinkhdr = 0;
  private labelStackDepth = 0;
  /** Set by `protochain`, whose loop the optimiser cannot handle (libpcap's no_optimize). */
  noOptimize = false;
  private vlanStackDepth = 0;
  private readonly regused = new Array<boolean>(BPF_MEMWORDS).fill(false);
  private curreg = 0;

  constructor(lt: LinkTypeInfo, opts: GenOptions) {
    this.lt = lt;
    this.opts = opts;
    this.link = lt.name;
    this.offLinktype = lt.offLinktype;
    this.offLinkpl = lt.offLinkpl;
    this.offNl = lt.offNl;
    this.offNlNosnap = lt.offNlNosnap;
  }

  private linkDescription(): string {
    return this.link === 'PPP' ? 'PPP' : this.lt.description;
  }

  /** Compiles a whole expression to its root block (finish_parse). */
  program(e: Expr | undefined): Block {
    if (!e) return this.retblk(this.opts.snaplen);
    const p = this.expr(e);
    backpatch(p, this.retblk(this.opts.snaplen));
    p.sense = !p.sense;
    backpatch(p, this.retblk(0));
    return p.head;
  }

  /**
   * Generates code for primitives one after the other, only for their errors: what libpcap, which
   * generates while parsing, reports before a syntax error that follows them.
   */
  checkPrimitives(es: readonly Expr[]): void {
    for (const e of es) this.expr(e);
  }

  // ---- walking the syntax tree in the order bison reduces it ----

  private expr(e: Expr): Block {
    switch (e.kind) {
      case 'and': case 'or': {
        const b0 = this.expr(e.left);
        const b1 = this.expr(e.right);
        if (e.kind === 'and') genAnd(b0, b1);
        else genOr(b0, b1);
        return b1;
      }
      case 'not': {
        const b = this.expr(e.operand);
        genNot(b);
        return b;
      }
      case 'id': return this.id(e.id, e.q, e.column);
      case 'pname': return this.protoAbbrev(e.proto);
      case 'relation': {
        const a0 = this.arth(e.left);
        const a1 = this.arth(e.right);
        return this.relation(e.op, a0, a1, e.reversed);
      }
      case 'broadcast': return this.broadcast(e.proto);
      case 'multicast': return this.multicast(e.proto);
      case 'less': {
        const b = this.len(CJmpOp.JGT, e.value);
        genNot(b);
        return b;
      }
      case 'greater': return this.len(CJmpOp.JGE, e.value);
      case 'inbound': case 'outbound': return this.inbound(e.kind === 'outbound');
      case 'byte': return this.byteop(e.op, e.index, e.value);
      case 'llc': return this.llc(e.type);
      case 'pppoed': return this.linktype(ETHERTYPE.PPPOED);
      case 'pppoes': return this.pppoes(e.session);
      case 'ifindex': {
        // The interface index is Linux socket metadata (SKF_AD_IFINDEX); a file has none.
        if (this.opts.savefile) throw new FilterError(`ifindex not supported on ${this.linkDescription()} when reading savefiles`);
        return this.cmp('linkhdr', (SKF_AD_OFF + SKF_AD.ifidx) >>> 0, CSize.W, e.value);
      }
      case 'vlan': return this.vlan(e.id);
      case 'mpls': return this.mpls(e.label);
      case 'unsupported': throw new FilterError(`'${e.what}' is not supported`, e.column);
    }
  }

  private arth(a: Arth): ArthValue {
    switch (a.kind) {
      case 'num': return this.loadi(a.value);
      case 'len': return this.loadlen();
      case 'load': return this.load(a.proto, this.arth(a.index), a.size);
      case 'binop': {
        const a0 = this.arth(a.left);
        const a1 = this.arth(a.right);
        return this.arith(a.op, a0, a1);
      }
      case 'neg': return this.neg(this.arth(a.operand));
    }
  }

  // ---- blocks, loads and comparisons ----

  private retblk(v: number): Block {
    const b = new Block(CClass.RET | CSrc.K);
    b.k = v >>> 0;
    return b;
  }

  private uncond(rsense: boolean): Block {
    const b = new Block(JEQ);
    b.stmts = [st(CClass.LD | CMode.IMM, rsense ? 0 : 1)];
    return b;
  }
  private genTrue(): Block { return this.uncond(true); }
  private genFalse(): Block { return this.uncond(false); }

  private loadA(rel: OffRel, offset: number, size: number): Stmt[] {
    const abs = (k: number) => [st(CClass.LD | CMode.ABS | size, k >>> 0)];
    switch (rel) {
      case 'packet': return abs(offset);
      case 'linkhdr': return abs(this.offLinkhdr + offset);
      case 'linktype': return abs(this.offLinktype + offset);
      case 'llc': return abs(this.offLinkpl + offset);
      case 'linkpl': return abs(this.offLinkpl + this.offNl + offset);
      case 'prevmplshdr': return abs(this.offLinkpl + this.offNl - 4 + offset);
      case 'tran-ipv6': return abs(this.offLinkpl + this.offNl + 40 + offset);
      case 'tran-ipv4': return [this.loadxIphdrlen(), st(CClass.LD | CMode.IND | size, (this.offLinkpl + this.offNl + offset) >>> 0)];
    }
  }

  private loadxIphdrlen(): Stmt {
    return st(CClass.LDX | CMode.MSH | CSize.B, this.offLinkpl + this.offNl);
  }

  private ncmp(rel: OffRel, offset: number, size: number, mask: number, jtype: number, reverse: boolean, v: number): Block {
    const s = this.loadA(rel, offset, size);
    if (mask >>> 0 !== 0xffffffff) s.push(st(CClass.ALU | CAluOp.AND | CSrc.K, mask >>> 0));
    const b = new Block(JMP(jtype));
    b.stmts = s;
    b.k = v >>> 0;
    if (reverse && (jtype === CJmpOp.JGT || jtype === CJmpOp.JGE)) genNot(b);
    return b;
  }
  private cmp(rel: OffRel, offset: number, size: number, v: number): Block {
    return this.ncmp(rel, offset, size, 0xffffffff, CJmpOp.JEQ, false, v);
  }
  private cmpGt(rel: OffRel, offset: number, size: number, v: number): Block {
    return this.ncmp(rel, offset, size, 0xffffffff, CJmpOp.JGT, false, v);
  }
  private cmpGe(rel: OffRel, offset: number, size: number, v: number): Block {
    return this.ncmp(rel, offset, size, 0xffffffff, CJmpOp.JGE, false, v);
  }
  private cmpLe(rel: OffRel, offset: number, size: number, v: number): Block {
    return this.ncmp(rel, offset, size, 0xffffffff, CJmpOp.JGT, true, v);
  }
  private mcmp(rel: OffRel, offset: number, size: number, v: number, mask: number): Block {
    return this.ncmp(rel, offset, size, mask, CJmpOp.JEQ, false, v);
  }

  /** Compares `bytes` at `offset`, a word at a time from the end (gen_bcmp). */
  private bcmp(rel: OffRel, offset: number, bytes: number[]): Block {
    let b: Block | null = null;
    let size = bytes.length;
    const add = (tmp: Block) => {
      if (b) genAnd(b, tmp);
      b = tmp;
    };
    while (size >= 4) {
      const p = size - 4;
      const w = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
      add(this.cmp(rel, offset + size - 4, CSize.W, w));
      size -= 4;
    }
    while (size >= 2) {
      const p = size - 2;
      add(this.cmp(rel, offset + size - 2, CSize.H, (bytes[p]! << 8) | bytes[p + 1]!));
      size -= 2;
    }
    if (size > 0) add(this.cmp(rel, offset, CSize.B, bytes[0]!));
    return b!;
  }

  // ---- link-layer type tests ----

  private linktype(llProto: number): Block {
    if (this.labelStackDepth > 0) return this.mplsLinktype(llProto);
    switch (this.link) {
      case 'EN10MB': return this.etherLinktype(llProto);
      case 'LINUX_SLL': return this.linuxSllLinktype(llProto);
      case 'RAW':
        if (llProto === ETHERTYPE.IP) return this.mcmp('linkhdr', 0, CSize.B, 0x40, 0xf0);
        if (llProto === ETHERTYPE.IPV6) return this.mcmp('linkhdr', 0, CSize.B, 0x60, 0xf0);
        return this.genFalse();
      case 'PPP': return this.cmp('linktype', 0, CSize.H, ethertypeToPpp(llProto));
      case 'NULL': {
        let af: number;
        if (llProto === ETHERTYPE.IP) af = AF_INET;
        else if (llProto === ETHERTYPE.IPV6) {
          if (this.opts.savefile) {
            // AF_INET6 of NetBSD/OpenBSD, FreeBSD and Darwin.
            let b0 = this.cmp('linkhdr', 0, CSize.W, bswap32(24));
            const b1 = this.cmp('linkhdr', 0, CSize.W, bswap32(28));
            genOr(b0, b1);
            b0 = this.cmp('linkhdr', 0, CSize.W, bswap32(30));
            genOr(b0, b1);
            return b1;
          }
          af = AF_INET6;
        } else return this.genFalse();
        // The AF_ value is in host byte order; tcpdump runs on a little-endian host.
        return this.cmp('linkhdr', 0, CSize.W, bswap32(af));
      }
    }
  }

  private etherLinktype(llProto: number): Block {
    switch (llProto) {
      case LLCSAP.ISONS: case LLCSAP.IP: case LLCSAP.NETBEUI: {
        const b0 = this.cmpGt('linktype', 0, CSize.H, ETHERMTU);
        genNot(b0);
        const b1 = this.cmp('llc', 0, CSize.H, (llProto << 8) | llProto);
        genAnd(b0, b1);
        return b1;
      }
      default:
        if (llProto <= ETHERMTU) {
          const b0 = this.cmpGt('linktype', 0, CSize.H, ETHERMTU);
          genNot(b0);
          const b1 = this.cmp('llc', 0, CSize.B, llProto);
          genAnd(b0, b1);
          return b1;
        }
        return this.cmp('linktype', 0, CSize.H, llProto);
    }
  }

  private linuxSllLinktype(llProto: number): Block {
    switch (llProto) {
      case LLCSAP.ISONS: case LLCSAP.IP: case LLCSAP.NETBEUI: {
        const b0 = this.cmp('linktype', 0, CSize.H, LINUX_SLL_P_802_2);
        const b1 = this.cmp('llc', 0, CSize.H, (llProto << 8) | llProto);
        genAnd(b0, b1);
        return b1;
      }
      default:
        if (llProto <= ETHERMTU) {
          const b0 = this.cmp('linktype', 0, CSize.H, LINUX_SLL_P_802_2);
          const b1 = this.cmp('linkhdr', this.offLinkpl, CSize.B, llProto);
          genAnd(b0, b1);
          return b1;
        }
        return this.cmp('linktype', 0, CSize.H, llProto);
    }
  }

  private mplsLinktype(llProto: number): Block {
    let version: number;
    if (llProto === ETHERTYPE.IP) version = 0x40;
    else if (llProto === ETHERTYPE.IPV6) version = 0x60;
    else throw new FilterError('unsupported protocol over mpls');
    const b0 = this.mcmp('linkpl', -2, CSize.B, 0x01, 0x01); // bottom of stack
    const b1 = this.mcmp('linkpl', 0, CSize.B, version, 0xf0);
    genAnd(b0, b1);
    return b1;
  }

  // ---- protocols ----

  /** The primitive `tcp`, `ip`, `arp`, ... (gen_proto_abbrev). */
  private protoAbbrev(proto: Proto): Block {
    switch (proto) {
      case 'sctp': return this.proto(IPPROTO.SCTP, 'default', 'default');
      case 'tcp': return this.proto(IPPROTO.TCP, 'default', 'default');
      case 'udp': return this.proto(IPPROTO.UDP, 'default', 'default');
      case 'icmp': return this.proto(IPPROTO.ICMP, 'ip', 'default');
      case 'igmp': return this.proto(IPPROTO.IGMP, 'ip', 'default');
      case 'igrp': return this.proto(IPPROTO.IGRP, 'ip', 'default');
      case 'pim': return this.proto(IPPROTO.PIM, 'default', 'default');
      case 'vrrp': case 'carp': return this.proto(IPPROTO.VRRP, 'ip', 'default');
      case 'ip': return this.linktype(ETHERTYPE.IP);
      case 'arp': return this.linktype(ETHERTYPE.ARP);
      case 'rarp': return this.linktype(ETHERTYPE.REVARP);
      case 'link': throw new FilterError('link layer applied in wrong context');
      case 'ip6': return this.linktype(ETHERTYPE.IPV6);
      case 'icmp6': return this.proto(IPPROTO.ICMPV6, 'ip6', 'default');
      case 'ah': return this.proto(IPPROTO.AH, 'default', 'default');
      case 'esp': return this.proto(IPPROTO.ESP, 'default', 'default');
      case 'radio': throw new FilterError("'radio' is not a valid protocol type");
      default: throw new FilterError(`'${proto}' is not supported by tsbpf's filter compiler`);
    }
  }

  /** `proto N` under a protocol qualifier (gen_proto). */
  private proto(v: number, proto: Proto, dir: Qual['dir']): Block {
    if (dir !== 'default') throw new FilterError("direction applied to 'proto'");
    switch (proto) {
      case 'default': {
        const b0 = this.proto(v, 'ip', dir);
        const b1 = this.proto(v, 'ip6', dir);
        genOr(b0, b1);
        return b1;
      }
      case 'link': return this.linktype(v);
      case 'ip': {
        const b0 = this.linktype(ETHERTYPE.IP);
        const b1 = this.cmp('linkpl', 9, CSize.B, v);
        genAnd(b0, b1);
        return b1;
      }
      case 'ip6': {
        const b0 = this.linktype(ETHERTYPE.IPV6);
        // Also accept a fragment header before the final header.
        let b2 = this.cmp('linkpl', 6, CSize.B, IPPROTO.FRAGMENT);
        const b1 = this.cmp('linkpl', 40, CSize.B, v);
        genAnd(b2, b1);
        b2 = this.cmp('linkpl', 6, CSize.B, v);
        genOr(b2, b1);
        genAnd(b0, b1);
        return b1;
      }
      case 'arp': case 'rarp': throw new FilterError(`${proto} does not encapsulate another protocol`);
      case 'sctp': case 'tcp': case 'udp': case 'icmp': case 'igmp': case 'igrp': case 'icmp6': case 'ah':
      case 'esp': case 'pim': case 'vrrp': case 'carp':
        throw new FilterError(`'${proto} proto' is bogus`);
      default: throw new FilterError(`'${proto} proto' is not supported by tsbpf's filter compiler`);
    }
  }

  private ipfrag(): Block {
    const b = new Block(JMP(CJmpOp.JSET));
    b.stmts = this.loadA('linkpl', 6, CSize.H);
    b.k = 0x1fff;
    genNot(b);
    return b;
  }

  /**
   * `ip protochain N`: follows the IPv6 extension headers and IPv4/IPv6 AH headers to the final
   * protocol with a loop (backward `ja`), so libpcap turns the optimiser off (gen_protochain).
   * The statements jump to each other inside one block.
   */
  private protochain(v: number, proto: Proto): Block {
    // Allocated first, and never freed on the `default` path: libpcap's order, which the
    // scratch-cell numbers of the output show.
    const reg2 = this.allocReg();
    if (proto === 'default') {
      const b0 = this.protochain(v, 'ip');
      const b = this.protochain(v, 'ip6');
      genOr(b0, b);
      return b;
    }
    if (proto !== 'ip' && proto !== 'ip6') throw new FilterError("bad protocol applied for 'protochain'");
    this.noOptimize = true;
    const nl = this.offLinkpl + this.offNl;
    const s: Stmt[] = [];
    const add = (code: number, k = 0): Stmt => {
      const x = st(code, k);
      s.push(x);
      return x;
    };
    const jeq = (k: number) => add(CClass.JMP | CJmpOp.JEQ | CSrc.K, k);
    let b0: Block;
    if (proto === 'ip') {
      b0 = this.linktype(ETHERTYPE.IP);
      add(CClass.LD | CMode.ABS | CSize.B, nl + 9); // A = ip->ip_p
      add(CClass.LDX | CMode.MSH | CSize.B, nl); // X = ip->ip_hl << 2
    } else {
      b0 = this.linktype(ETHERTYPE.IPV6);
      add(CClass.LD | CMode.ABS | CSize.B, nl + 6); // A = ip6->ip6_nxt
      add(CClass.LDX | CMode.IMM, 40); // X = sizeof(struct ip6_hdr)
    }
    const again = s.length;
    const isV = jeq(v); // found: goto end
    const isNone = jeq(59); // IPPROTO_NONE: goto end
    isV.jf = isNone;
    let fragment: Stmt | undefined;
    const ja = (target: number) => add(CClass.JMP | CJmpOp.JA, (target - s.length - 1) >>> 0);
    if (proto === 'ip6') {
      // Hop-by-hop, destination options, routing and fragment headers: advance past them.
      const ext = [0, 60, 43, 44].map((k) => jeq(k));
      isNone.jf = ext[0]!;
      for (let j = 0; j < 3; j++) ext[j]!.jf = ext[j + 1]!;
      fragment = ext[3]!;
      const advance = add(CClass.LD | CMode.IND | CSize.B, nl); // A = P[X + head]
      for (const e of ext) e.jt = advance;
      add(CClass.ST, reg2);
      add(CClass.LD | CMode.IND | CSize.B, nl + 1); // A = P[X + head + 1]
      add(CClass.ALU | CAluOp.ADD | CSrc.K, 1);
      add(CClass.ALU | CAluOp.MUL | CSrc.K, 8);
      add(CClass.ALU | CAluOp.ADD | CSrc.X);
      add(CClass.MISC | CMiscOp.TAX); // X += (len + 1) * 8
      add(CClass.LD | CMode.MEM, reg2);
      ja(again);
    } else {
      isNone.jf = add(CClass.ALU | CAluOp.ADD | CSrc.K, 0); // nop
    }
    const ahcheck = jeq(IPPROTO.AH);
    if (fragment) fragment.jf = ahcheck;
    ahcheck.jt = add(CClass.MISC | CMiscOp.TXA);
    add(CClass.LD | CMode.IND | CSize.B, nl); // A = P[X + head]
    add(CClass.ST, reg2);
    add(CClass.MISC | CMiscOp.TXA);
    add(CClass.ALU | CAluOp.ADD | CSrc.K, 1);
    add(CClass.MISC | CMiscOp.TAX);
    add(CClass.LD | CMode.IND | CSize.B, nl); // A = P[X + head + 1]
    add(CClass.ALU | CAluOp.ADD | CSrc.K, 2);
    add(CClass.ALU | CAluOp.MUL | CSrc.K, 4);
    add(CClass.MISC | CMiscOp.TAX); // X += (len + 2) * 4
    add(CClass.LD | CMode.MEM, reg2);
    ja(again);
    const end = add(CClass.ALU | CAluOp.ADD | CSrc.K, 0); // end: nop
    isNone.jt = end;
    ahcheck.jf = end;
    isV.jt = end;
    const b = new Block(JEQ);
    b.stmts = s;
    b.k = v >>> 0;
    this.freeReg(reg2);
    genAnd(b0, b);
    return b;
  }

  // ---- hosts and networks ----

  private host(addr: number, mask: number, proto: Proto, dir: Qual['dir'], type: 'host' | 'net'): Block {
    switch (proto) {
      case 'default': {
        let b0 = this.host(addr, mask, 'ip', dir, type);
        if (this.labelStackDepth === 0) {
          const b1 = this.host(addr, mask, 'arp', dir, type);
          genOr(b0, b1);
          b0 = this.host(addr, mask, 'rarp', dir, type);
          genOr(b1, b0);
        }
        return b0;
      }
      case 'link': throw new FilterError(`link-layer modifier applied to ${type}`);
      case 'ip': return this.hostop(addr, mask, dir, ETHERTYPE.IP, 12, 16);
      case 'rarp': return this.hostop(addr, mask, dir, ETHERTYPE.REVARP, 14, 24);
      case 'arp': return this.hostop(addr, mask, dir, ETHERTYPE.ARP, 14, 24);
      case 'ip6': throw new FilterError("'ip6' modifier applied to ip host"); // sic, also for nets
      default: throw new FilterError(`'${proto}' modifier applied to ${type}`);
    }
  }

  private hostop(addr: number, mask: number, dir: Qual['dir'], llProto: number, srcOff: number, dstOff: number): Block {
    let offset: number;
    switch (dir) {
      case 'src': offset = srcOff; break;
      case 'dst': offset = dstOff; break;
      case 'and': {
        const b0 = this.hostop(addr, mask, 'src', llProto, srcOff, dstOff);
        const b1 = this.hostop(addr, mask, 'dst', llProto, srcOff, dstOff);
        genAnd(b0, b1);
        return b1;
      }
      default: {
        const b0 = this.hostop(addr, mask, 'src', llProto, srcOff, dstOff);
        const b1 = this.hostop(addr, mask, 'dst', llProto, srcOff, dstOff);
        genOr(b0, b1);
        return b1;
      }
    }
    const b0 = this.linktype(llProto);
    const b1 = this.mcmp('linkpl', offset, CSize.W, addr, mask);
    genAnd(b0, b1);
    return b1;
  }

  private host6(addr: number[], mask: number[], proto: Proto, dir: Qual['dir'], type: 'host' | 'net'): Block {
    switch (proto) {
      case 'default': case 'ip6': return this.hostop6(addr, mask, dir, 8, 24);
      case 'link': throw new FilterError(`link-layer modifier applied to ip6 ${type}`);
      case 'ip': case 'rarp': case 'arp': throw new FilterError(`'${proto}' modifier applied to ip6 ${type}`);
      default: throw new FilterError(`'${proto}' modifier applied to ip6 ${type}`);
    }
  }

  private hostop6(addr: number[], mask: number[], dir: Qual['dir'], srcOff: number, dstOff: number): Block {
    let offset: number;
    switch (dir) {
      case 'src': offset = srcOff; break;
      case 'dst': offset = dstOff; break;
      case 'and': {
        const b0 = this.hostop6(addr, mask, 'src', srcOff, dstOff);
        const b1 = this.hostop6(addr, mask, 'dst', srcOff, dstOff);
        genAnd(b0, b1);
        return b1;
      }
      default: {
        const b0 = this.hostop6(addr, mask, 'src', srcOff, dstOff);
        const b1 = this.hostop6(addr, mask, 'dst', srcOff, dstOff);
        genOr(b0, b1);
        return b1;
      }
    }
    // This order is libpcap's: the last word is compared last but generated first.
    const b1 = this.mcmp('linkpl', offset + 12, CSize.W, addr[3]!, mask[3]!);
    let b0 = this.mcmp('linkpl', offset + 8, CSize.W, addr[2]!, mask[2]!);
    genAnd(b0, b1);
    b0 = this.mcmp('linkpl', offset + 4, CSize.W, addr[1]!, mask[1]!);
    genAnd(b0, b1);
    b0 = this.mcmp('linkpl', offset, CSize.W, addr[0]!, mask[0]!);
    genAnd(b0, b1);
    b0 = this.linktype(ETHERTYPE.IPV6);
    genAnd(b0, b1);
    return b1;
  }

  private ehostop(eaddr: number[], dir: Qual['dir']): Block {
    switch (dir) {
      case 'src': return this.bcmp('linkhdr', 6, eaddr);
      case 'dst': return this.bcmp('linkhdr', 0, eaddr);
      case 'and': {
        const b0 = this.ehostop(eaddr, 'src');
        const b1 = this.ehostop(eaddr, 'dst');
        genAnd(b0, b1);
        return b1;
      }
      default: {
        const b0 = this.ehostop(eaddr, 'src');
        const b1 = this.ehostop(eaddr, 'dst');
        genOr(b0, b1);
        return b1;
      }
    }
  }

  private requireEthernet(): void {
    if (this.link !== 'EN10MB') {
      throw new FilterError('ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel');
    }
  }

  // ---- ports ----

  private portatom(off: number, v: number): Block { return this.cmp('tran-ipv4', off, CSize.H, v); }
  private portatom6(off: number, v: number): Block { return this.cmp('tran-ipv6', off, CSize.H, v); }

  private portrangeatom(off: number, v1: number, v2: number, rel: OffRel): Block {
    if (v1 > v2) [v1, v2] = [v2, v1];
    const b1 = this.cmpGe(rel, off, CSize.H, v1);
    const b2 = this.cmpLe(rel, off, CSize.H, v2);
    genAnd(b1, b2);
    return b2;
  }

  /** Source/destination port test in both directions as the qualifier asks. */
  private dirPair(dir: Qual['dir'], atom: (off: number) => Block): Block {
    switch (dir) {
      case 'src': return atom(0);
      case 'dst': return atom(2);
      case 'and': {
        const tmp = atom(0);
        const b1 = atom(2);
        genAnd(tmp, b1);
        return b1;
      }
      default: {
        const tmp = atom(0);
        const b1 = atom(2);
        genOr(tmp, b1);
        return b1;
      }
    }
  }

  private portop(proto: number, dir: Qual['dir'], atom: (off: number) => Block): Block {
    // ip proto 'proto' and not a fragment other than the first fragment
    const tmp = this.cmp('linkpl', 9, CSize.B, proto);
    const b0 = this.ipfrag();
    genAnd(tmp, b0);
    const b1 = this.dirPair(dir, atom);
    genAnd(b0, b1);
    return b1;
  }

  private portop6(proto: number, dir: Qual['dir'], atom: (off: number) => Block): Block {
    const b0 = this.cmp('linkpl', 6, CSize.B, proto);
    const b1 = this.dirPair(dir, atom);
    genAnd(b0, b1);
    return b1;
  }

  /** One address family's port test for TCP, UDP, SCTP or all three. */
  private portFamily(llProto: number, ipProto: number, op: (proto: number) => Block): Block {
    const b0 = this.linktype(llProto);
    let b1: Block;
    if (ipProto === PROTO_UNDEF) {
      const tcp = op(IPPROTO.TCP);
      b1 = op(IPPROTO.UDP);
      genOr(tcp, b1);
      const sctp = op(IPPROTO.SCTP);
      genOr(sctp, b1);
    } else b1 = op(ipProto);
    genAnd(b0, b1);
    return b1;
  }

  private port(port: number, ipProto: number, dir: Qual['dir']): Block {
    const b = this.portFamily(ETHERTYPE.IP, ipProto, (p) => this.portop(p, dir, (off) => this.portatom(off, port)));
    const b6 = this.portFamily(ETHERTYPE.IPV6, ipProto, (p) => this.portop6(p, dir, (off) => this.portatom6(off, port)));
    genOr(b6, b);
    return b;
  }

  private portrange(p1: number, p2: number, ipProto: number, dir: Qual['dir']): Block {
    const b = this.portFamily(ETHERTYPE.IP, ipProto, (p) => this.portop(p, dir, (off) => this.portrangeatom(off, p1, p2, 'tran-ipv4')));
    const b6 = this.portFamily(ETHERTYPE.IPV6, ipProto, (p) => this.portop6(p, dir, (off) => this.portrangeatom(off, p1, p2, 'tran-ipv6')));
    genOr(b6, b);
    return b;
  }

  private portProto(proto: Proto, what: 'port' | 'portrange'): number {
    switch (proto) {
      case 'udp': return IPPROTO.UDP;
      case 'tcp': return IPPROTO.TCP;
      case 'sctp': return IPPROTO.SCTP;
      case 'default': return PROTO_UNDEF;
      default: throw new FilterError(`illegal qualifier of '${what}'`);
    }
  }

  // ---- ids: numbers, addresses and names under their qualifiers ----

  private id(id: Id, q: Qual, column: number): Block {
    try {
      return this.idInner(id, q);
    } catch (e) {
      if (e instanceof FilterError && e.column === 0) throw new FilterError(e.detail, column);
      throw e;
    }
  }

  private idInner(id: Id, q: Qual): Block {
    switch (id.kind) {
      case 'num': return this.ncode(undefined, id.value, q);
      case 'hid':
        if (q.addr === 'port' || q.addr === 'portrange' || q.addr === 'proto' || q.addr === 'protochain') {
          throw new FilterError(`'${q.addr}' modifier applied to ip host`);
        }
        return this.ncode(id.text, 0, q);
      case 'hid-prefix': return this.mcode(id.text, undefined, id.masklen, q);
      case 'hid-mask': return this.mcode(id.text, id.mask, 0, q);
      case 'hid6': return this.mcode6(id.text, id.masklen, q);
      case 'eid': return this.ecode(id.text, q);
      case 'name': return this.scode(id.text, q);
    }
  }

  private ncode(s: string | undefined, v: number, q: Qual): Block {
    let vlen = 32;
    if (s !== undefined) {
      const r = atoin(s);
      if (!r) throw new FilterError(`invalid IPv4 address '${s}'`);
      v = r.value;
      vlen = r.len;
    }
    switch (q.addr) {
      case 'default': case 'host': case 'net': {
        if (q.proto === 'link') throw new FilterError('illegal link layer address');
        let mask = 0xffffffff;
        if (s === undefined && q.addr === 'net') {
          // Promote a short net number: `net 10` is 10.0.0.0/8.
          while (v && (v & 0xff000000) === 0) {
            v = (v << 8) >>> 0;
            mask = (mask << 8) >>> 0;
          }
        } else {
          v = vlen === 0 ? 0 : (v << (32 - vlen)) >>> 0;
          mask = vlen === 0 ? 0 : (mask << (32 - vlen)) >>> 0;
        }
        return this.host(v, mask, q.proto, q.dir, q.addr === 'net' ? 'net' : 'host');
      }
      case 'port': {
        const proto = this.portProto(q.proto, 'port');
        if (v > 65535) throw new FilterError(`illegal port number ${v} > 65535`);
        return this.port(v, proto, q.dir);
      }
      case 'portrange': {
        const proto = this.portProto(q.proto, 'portrange');
        if (v > 65535) throw new FilterError(`illegal port number ${v} > 65535`);
        return this.portrange(v, v, proto, q.dir);
      }
      case 'gateway': throw new FilterError("'gateway' requires a name");
      case 'proto': return this.proto(v, q.proto, q.dir);
      case 'protochain': return this.protochain(v, q.proto);
      default: throw new FilterError('syntax error in filter expression');
    }
  }

  private mcode(s1: string, s2: string | undefined, masklen: number, q: Qual): Block {
    const n = atoin(s1);
    if (!n) throw new FilterError(`invalid IPv4 address '${s1}'`);
    const net = (n.value << (32 - n.len)) >>> 0;
    let m: number;
    if (s2 !== undefined) {
      const mm = atoin(s2);
      if (!mm) throw new FilterError(`invalid IPv4 address '${s2}'`);
      m = (mm.value << (32 - mm.len)) >>> 0;
      if ((net & ~m) >>> 0 !== 0) throw new FilterError(`non-network bits set in "${s1} mask ${s2}"`);
    } else {
      if (masklen > 32) throw new FilterError('mask length must be <= 32');
      m = masklen === 0 ? 0 : (0xffffffff << (32 - masklen)) >>> 0;
      if ((net & ~m) >>> 0 !== 0) throw new FilterError(`non-network bits set in "${s1}/${masklen}"`);
    }
    if (q.addr !== 'net') throw new FilterError('Mask syntax for networks only');
    return this.host(net, m, q.proto, q.dir, 'net');
  }

  private mcode6(s: string, masklen: number, q: Qual): Block {
    const addr = parseIpv6(s);
    if (!addr) throw new FilterError(`invalid ip6 address ${s}`);
    if (masklen > 128) throw new FilterError('mask length must be <= 128');
    const mask = [0, 0, 0, 0].map((_, i) => {
      const bits = Math.max(0, Math.min(32, masklen - 32 * i));
      return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    });
    if (addr.some((a, i) => (a & ~mask[i]!) >>> 0 !== 0)) throw new FilterError(`non-network bits set in "${s}/${masklen}"`);
    switch (q.addr) {
      case 'default': case 'host':
        if (masklen !== 128) throw new FilterError('Mask syntax for networks only');
        return this.host6(addr, mask, q.proto, q.dir, 'host');
      case 'net': return this.host6(addr, mask, q.proto, q.dir, 'net');
      default: throw new FilterError('invalid qualifier against IPv6 address');
    }
  }

  private ecode(s: string, q: Qual): Block {
    if ((q.addr === 'host' || q.addr === 'default') && q.proto === 'link') {
      this.requireEthernet();
      const digits = s.replace(/[^0-9A-Fa-f]/g, '');
      let bytes: number[];
      if (/[:.-]/.test(s) && s.split(/[:.-]/).length === 6) bytes = s.split(/[:.-]/).map((p) => parseInt(p, 16));
      else bytes = (digits.match(/../g) ?? []).map((p) => parseInt(p, 16));
      return this.ehostop(bytes, q.dir);
    }
    throw new FilterError('ethernet address used in non-ether expression');
  }

  private scode(name: string, q: Qual): Block {
    switch (q.addr) {
      case 'net': throw new FilterError(`unknown network '${name}'`);
      case 'default': case 'host':
        if (q.proto === 'link') {
          if (this.link !== 'EN10MB') {
            throw new FilterError('only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name');
          }
          throw new FilterError(`unknown ether host '${name}'`);
        }
        throw new FilterError(`unknown host '${name}'`);
      case 'port': {
        const proto = q.proto;
        if (proto !== 'default' && proto !== 'udp' && proto !== 'tcp' && proto !== 'sctp') throw new FilterError("illegal qualifier of 'port'");
        const svc = lookupService(name);
        if (!svc) throw new FilterError(`unknown port '${name}'`);
        const real = this.overrideProto(proto, svc.proto, name);
        return this.port(svc.port, real, q.dir);
      }
      case 'portrange': {
        const proto = q.proto;
        if (proto !== 'default' && proto !== 'udp' && proto !== 'tcp' && proto !== 'sctp') throw new FilterError("illegal qualifier of 'portrange'");
        const r = this.nametoportrange(name);
        if (!r) throw new FilterError(`unknown port in range '${name}'`);
        const real = this.overrideProto(proto, r.proto, name);
        if (r.p1 > 65535) throw new FilterError(`illegal port number ${r.p1} > 65535`);
        if (r.p2 > 65535) throw new FilterError(`illegal port number ${r.p2} > 65535`);
        return this.portrange(r.p1, r.p2, real, q.dir);
      }
      // libpcap built with IPv6 support (as every current build is) has no `gateway`.
      case 'gateway': throw new FilterError("'gateway' not supported in this configuration");
      case 'proto': {
        let v: number | undefined;
        if (q.proto === 'default' || q.proto === 'ip' || q.proto === 'ip6') {
          v = lookupIpProto(name);
          if (v === undefined) throw new FilterError(`unknown ip proto '${name}'`);
        } else if (q.proto === 'link') {
          v = lookupEtherProto(name);
          if (v === undefined) throw new FilterError(`unknown ether proto '${name}'`);
        }
        if (v === undefined) throw new FilterError(`unknown protocol: ${name}`);
        return this.proto(v, q.proto, q.dir);
      }
      case 'protochain': {
        const v = q.proto === 'default' || q.proto === 'ip' || q.proto === 'ip6' ? lookupIpProto(name) : undefined;
        if (v === undefined) {
          if (q.proto === 'default' || q.proto === 'ip' || q.proto === 'ip6') throw new FilterError(`unknown ip proto '${name}'`);
          throw new FilterError(`unknown protocol: ${name}`);
        }
        return this.protochain(v, q.proto);
      }
      default: throw new FilterError('syntax error in filter expression');
    }
  }

  /** A transport qualifier overrides a service's own transport, unless they conflict. */
  private overrideProto(proto: Proto, real: number, name: string): number {
    const want = proto === 'udp' ? IPPROTO.UDP : proto === 'tcp' ? IPPROTO.TCP : proto === 'sctp' ? IPPROTO.SCTP : undefined;
    if (want === undefined) return real;
    if (real !== PROTO_UNDEF && real !== want) {
      throw new FilterError(`port '${name}' is ${real === IPPROTO.TCP ? 'tcp' : real === IPPROTO.UDP ? 'udp' : 'sctp'}`);
    }
    return want;
  }

  /** "N-M" (sscanf("%d-%d")) or "name-name". */
  private nametoportrange(name: string): { p1: number; p2: number; proto: number } | undefined {
    const m = /^\s*([+-]?\d+)-\s*([+-]?\d+)/.exec(name);
    if (m) return { p1: Number(m[1]), p2: Number(m[2]), proto: PROTO_UNDEF };
    const parts = name.split('-');
    if (parts.length !== 2) return undefined;
    const a = lookupService(parts[0]!);
    const b = lookupService(parts[1]!);
    if (!a || !b) return undefined;
    return { p1: a.port, p2: b.port, proto: a.proto === b.proto ? a.proto : PROTO_UNDEF };
  }

  // ---- broadcast, multicast, length ----

  private broadcast(proto: Proto): Block {
    switch (proto) {
      case 'default': case 'link':
        if (this.link !== 'EN10MB') throw new FilterError('not a broadcast link');
        return this.ehostop([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 'dst');
      case 'ip': {
        const b0 = this.linktype(ETHERTYPE.IP);
        const hostmask = ~this.opts.netmask >>> 0;
        const b1 = this.mcmp('linkpl', 16, CSize.W, 0, hostmask);
        const b2 = this.mcmp('linkpl', 16, CSize.W, hostmask, hostmask);
        genOr(b1, b2);
        genAnd(b0, b2);
        return b2;
      }
      default: throw new FilterError('only link-layer/IP broadcast filters supported');
    }
  }

  private multicast(proto: Proto): Block {
    switch (proto) {
      case 'default': case 'link':
        if (this.link === 'EN10MB') {
          // ether[0] & 1 != 0
          const b = new Block(JMP(CJmpOp.JSET));
          b.stmts = this.loadA('linkhdr', 0, CSize.B);
          b.k = 1;
          return b;
        }
        break;
      case 'ip': {
        const b0 = this.linktype(ETHERTYPE.IP);
        const b1 = this.cmpGe('linkpl', 16, CSize.B, 224);
        genAnd(b0, b1);
        return b1;
      }
      case 'ip6': {
        const b0 = this.linktype(ETHERTYPE.IPV6);
        const b1 = this.cmp('linkpl', 24, CSize.B, 255);
        genAnd(b0, b1);
        return b1;
      }
      default: break;
    }
    throw new FilterError('link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel');
  }

  private len(jmp: number, n: number): Block {
    const b = new Block(JMP(jmp));
    b.stmts = [st(CClass.LD | CSize.W | CMode.LEN)];
    b.k = n >>> 0;
    return b;
  }

  /**
   * `llc [i|s|u|subtype]`: an 802.3 frame (type field ≤ 1500) that is not NetWare's raw 802.3
   * (DSAP/SSAP 0xffff), then the LLC control field's format or command.
   */
  private llc(type: string | undefined): Block {
    const name = type?.toLowerCase();
    // The grammar checks the name before any code is generated.
    if (name !== undefined && !['i', 's', 'u'].includes(name) && LLC_S_SUBTYPES[name] === undefined && LLC_U_SUBTYPES[name] === undefined) {
      throw new FilterError(`unknown LLC type name "${type}"`);
    }
    if (this.link !== 'EN10MB') throw new FilterError(`'llc' not supported for ${this.linkDescription()}`);
    let b0 = this.cmpGt('linktype', 0, CSize.H, ETHERMTU);
    genNot(b0);
    const b1 = this.cmp('llc', 0, CSize.H, 0xffff);
    genNot(b1);
    genAnd(b0, b1);
    if (name === undefined) return b1;
    b0 = b1;
    let b: Block;
    if (name === 'i') {
      // I frames have the low bit of the control field clear.
      b = new Block(JMP(CJmpOp.JSET));
      b.stmts = this.loadA('llc', 2, CSize.B);
      b.k = 0x01;
      genNot(b);
    } else if (name === 's' || name === 'u') {
      b = this.mcmp('llc', 2, CSize.B, name === 's' ? 0x01 : 0x03, 0x03);
    } else if (LLC_S_SUBTYPES[name] !== undefined) {
      b = this.mcmp('llc', 2, CSize.B, LLC_S_SUBTYPES[name]!, 0x0f);
    } else b = this.mcmp('llc', 2, CSize.B, LLC_U_SUBTYPES[name]!, 0xef);
    genAnd(b0, b);
    return b;
  }

  /** `inbound` / `outbound`: the SLL packet type, or Linux's packet-type metadata. */
  private inbound(outbound: boolean): Block {
    let b: Block;
    if (this.link === 'LINUX_SLL') {
      b = this.cmp('linkhdr', 0, CSize.H, LINUX_SLL_OUTGOING);
    } else {
      if (this.opts.savefile) throw new FilterError(`inbound/outbound not supported on ${this.linkDescription()} when reading savefiles`);
      // Relative to the link-layer header, as libpcap has it (so after `pppoes` it is off by 20).
      b = this.cmp('linkhdr', (SKF_AD_OFF + SKF_AD.type) >>> 0, CSize.H, PACKET_OUTGOING);
    }
    if (!outbound) genNot(b);
    return b;
  }

  /** `byte N op M` (gen_byteop). libpcap's `&` and `|` forms test A without loading the byte. */
  private byteop(op: '=' | '<' | '>' | '&' | '|', idx: number, val: number): Block {
    switch (op) {
      case '=': return this.cmp('linkhdr', idx, CSize.B, val);
      case '<': return this.ncmp('linkhdr', idx, CSize.B, 0xffffffff, CJmpOp.JGE, true, val);
      case '>': return this.cmpGt('linkhdr', idx, CSize.B, val);
    }
    const b = new Block(JEQ);
    b.stmts = [st(CClass.ALU | (op === '|' ? CAluOp.OR : CAluOp.AND) | CSrc.K, val >>> 0)];
    genNot(b);
    return b;
  }

  /** `pppoes [session]`: PPPoE session frames; what follows looks at the PPP frame inside. */
  private pppoes(session: number | undefined): Block {
    let b0 = this.linktype(ETHERTYPE.PPPOES);
    if (session !== undefined) {
      if (session > 0xffff) throw new FilterError(`PPPoE session number ${session} greater than maximum 65535`);
      const b1 = this.mcmp('linkpl', 0, CSize.W, session, 0xffff);
      genAnd(b0, b1);
      b0 = b1;
    }
    // The PPP header starts 6 bytes into the PPPoE header; its protocol field is the type field.
    const ppp = this.offLinkpl + this.offNl + 6;
    this.link = 'PPP';
    this.offLinkhdr = ppp;
    this.offLinktype = ppp;
    this.offLinkpl = ppp + 2;
    this.offNl = 0;
    this.offNlNosnap = 0;
    return b0;
  }

  // ---- VLAN and MPLS: both move the offsets of everything after them ----

  private vlan(vlanNum: number | undefined): Block {
    if (this.labelStackDepth > 0) throw new FilterError('no VLAN match after MPLS');
    if (this.link !== 'EN10MB') throw new FilterError(`no VLAN support for ${this.linkDescription()}`);
    let b0 = this.linktype(ETHERTYPE.VLAN);
    let b1 = this.linktype(ETHERTYPE.QINQ_AD);
    genOr(b0, b1);
    b0 = b1;
    b1 = this.linktype(ETHERTYPE.QINQ_OLD);
    genOr(b0, b1);
    b0 = b1;
    if (vlanNum !== undefined) {
      if (vlanNum > 0x0fff) throw new FilterError(`VLAN tag ${vlanNum} greater than maximum 4095`);
      b1 = this.mcmp('linkpl', 0, CSize.H, vlanNum, 0x0fff);
      genAnd(b0, b1);
      b0 = b1;
    }
    this.offLinkpl += 4;
    this.offLinktype += 4;
    this.vlanStackDepth++;
    return b0;
  }

  private mpls(label: number | undefined): Block {
    let b0: Block;
    if (this.labelStackDepth > 0) {
      b0 = this.mcmp('prevmplshdr', 2, CSize.B, 0, 0x01); // bottom-of-stack bit clear
    } else {
      if (this.link === 'PPP') b0 = this.linktype(0x0281); // PPP_MPLS_UCAST
      else if (this.link !== 'EN10MB') throw new FilterError(`no MPLS support for ${this.linkDescription()}`);
      else b0 = this.linktype(ETHERTYPE.MPLS);
    }
    if (label !== undefined) {
      if (label > 0xfffff) throw new FilterError(`MPLS label ${label} greater than maximum 1048575`);
      const b1 = this.mcmp('linkpl', 0, CSize.W, (label << 12) >>> 0, 0xfffff000);
      genAnd(b0, b1);
      b0 = b1;
    }
    this.offNlNosnap += 4;
    this.offNl += 4;
    this.labelStackDepth++;
    return b0;
  }

  // ---- arithmetic ----

  private allocReg(): number {
    for (let n = BPF_MEMWORDS; --n >= 0;) {
      if (this.regused[this.curreg]) this.curreg = (this.curreg + 1) % BPF_MEMWORDS;
      else {
        this.regused[this.curreg] = true;
        return this.curreg;
      }
    }
    throw new FilterError('too many registers needed to evaluate expression');
  }
  private freeReg(n: number): void {
    this.regused[n] = false;
  }

  private loadi(v: number): ArthValue {
    const reg = this.allocReg();
    return { s: [st(CClass.LD | CMode.IMM, v >>> 0), st(CClass.ST, reg)], regno: reg, b: null };
  }

  private loadlen(): ArthValue {
    const reg = this.allocReg();
    return { s: [st(CClass.LD | CSize.W | CMode.LEN), st(CClass.ST, reg)], regno: reg, b: null };
  }

  private xferToX(a: ArthValue): Stmt { return st(CClass.LDX | CMode.MEM, a.regno); }
  private xferToA(a: ArthValue): Stmt { return st(CClass.LD | CMode.MEM, a.regno); }

  /** `proto[index : size]` (gen_load). */
  private load(proto: Proto, inst: ArthValue, size: number): ArthValue {
    const sizeCode = SIZE_CODE[size];
    if (sizeCode === undefined) throw new FilterError('data size must be 1, 2, or 4');
    const regno = this.allocReg();
    this.freeReg(inst.regno);
    const ind = (k: number) => st(CClass.LD | CMode.IND | sizeCode, k >>> 0);
    switch (proto) {
      case 'link':
        inst.s.push(this.xferToX(inst), ind(0));
        break;
      case 'ip': case 'arp': case 'rarp': case 'atalk': case 'decnet': case 'sca': case 'lat': case 'moprc':
      case 'mopdl': case 'ip6': {
        inst.s.push(this.xferToX(inst), ind(this.offLinkpl + this.offNl));
        const b = this.protoAbbrev(proto);
        if (inst.b) genAnd(inst.b, b);
        inst.b = b;
        break;
      }
      case 'sctp': case 'tcp': case 'udp': case 'icmp': case 'igmp': case 'igrp': case 'pim': case 'vrrp': case 'carp': {
        inst.s.push(this.loadxIphdrlen(), this.xferToA(inst), st(CClass.ALU | CAluOp.ADD | CSrc.X),
          st(CClass.MISC | CMiscOp.TAX), ind(this.offLinkpl + this.offNl));
        // Only for IPv4 packets that are the first (or only) fragment.
        const b = this.ipfrag();
        genAnd(this.protoAbbrev(proto), b);
        if (inst.b) genAnd(inst.b, b);
        genAnd(this.protoAbbrev('ip'), b);
        inst.b = b;
        break;
      }
      case 'icmp6': {
        let b = this.protoAbbrev('ip6');
        if (inst.b) genAnd(inst.b, b);
        inst.b = b;
        b = this.cmp('linkpl', 6, CSize.B, IPPROTO.ICMPV6);
        genAnd(inst.b, b);
        inst.b = b;
        inst.s.push(this.xferToX(inst), ind(this.offLinkpl + this.offNl + 40));
        break;
      }
      default: throw new FilterError('unsupported index operation');
    }
    inst.regno = regno;
    inst.s.push(st(CClass.ST, regno));
    return inst;
  }

  private arith(op: ArithOp, a0: ArthValue, a1: ArthValue): ArthValue {
    const first = a1.s[0];
    const constRight = first && first.code === (CClass.LD | CMode.IMM) ? first.k : undefined;
    if (op === 'div' && constRight === 0) throw new FilterError('division by zero');
    if (op === 'mod' && constRight === 0) throw new FilterError('modulus by zero');
    if ((op === 'lsh' || op === 'rsh') && constRight !== undefined && constRight > 31) throw new FilterError('shift by more than 31 bits');
    a0.s.push(...a1.s, this.xferToX(a1), this.xferToA(a0), st(CClass.ALU | CSrc.X | ALU_CODE[op]));
    this.freeReg(a0.regno);
    this.freeReg(a1.regno);
    a0.regno = this.allocReg();
    a0.s.push(st(CClass.ST, a0.regno));
    // libpcap keeps only the left operand's protocol checks here.
    return a0;
  }

  private neg(a: ArthValue): ArthValue {
    a.s.push(this.xferToA(a), st(CClass.ALU | CAluOp.NEG), st(CClass.ST, a.regno));
    return a;
  }

  private relation(op: RelOp, a0: ArthValue, a1: ArthValue, reversed: boolean): Block {
    const code = REL_CODE[op];
    const s1 = [this.xferToA(a0)];
    let b: Block;
    if (code === CJmpOp.JEQ) {
      b = new Block(JMP(code));
      s1.push(st(CClass.ALU | CAluOp.SUB | CSrc.X));
    } else {
      b = new Block(CClass.JMP | code | CSrc.X);
    }
    if (reversed) genNot(b);
    b.stmts = [...a0.s, ...a1.s, this.xferToX(a1), ...s1];
    this.freeReg(a0.regno);
    this.freeReg(a1.regno);
    let tmp: Block | null;
    if (a0.b) {
      if (a1.b) {
        genAnd(a0.b, a1.b);
        tmp = a1.b;
      } else tmp = a0.b;
    } else tmp = a1.b;
    if (tmp) genAnd(tmp, b);
    return b;
  }
}
