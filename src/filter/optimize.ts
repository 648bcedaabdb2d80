/**
 * The optimiser, after libpcap 1.10's optimize.c, so that optimised programs come out like
 * tcpdump's. It works on the block graph that gencode built:
 *
 * - value numbering inside each block (values flow in from predecessors when they agree),
 *   constant folding, peephole rewrites and dead-store removal;
 * - jump threading: an edge whose target repeats a test already decided on every path to the
 *   edge (an edge dominator) is moved past that test;
 * - "or/and pull-up" of a test found further down a chain of tests on the same value;
 * - finally identical blocks are merged.
 *
 * The passes repeat until nothing changes (or only branches move for 100 rounds).
 */
import * as isa from '../isa/classic.js';
import type { Block, Stmt } from './blocks.js';
import { FilterError } from './errors.js';
import { NOP } from './linearize.js';

// Module-level copies: reading them is a plain property access in every module format.
const { CAluOp, CClass, CJmpOp, CMiscOp, CMode, CSize, CSrc } = isa;

/** Atoms: scratch cells 0..15, then A and X. AX stands for "both". */
const A_ATOM = 16;
const X_ATOM = 17;
const AX_ATOM = 18;
const N_ATOMS = 18;
const VAL_UNKNOWN = 0;

const cls = (c: number) => c & 0x07;
const mode = (c: number) => c & 0xe0;
const op = (c: number) => c & 0xf0;
const src = (c: number) => c & 0x08;

/** One outgoing edge of a block; `succ` is the block's jt or jf itself. */
class Edge {
  readonly id: number;
  readonly pred: Block;
  readonly isTrue: boolean;
  /** The branch code, negated for the false edge. */
  code = 0;
  edom: Uint32Array;
  /** Next edge in the successor's list of incoming edges. */
  next: Edge | null = null;
  constructor(id: number, pred: Block, isTrue: boolean, words: number) {
    this.id = id;
    this.pred = pred;
    this.isTrue = isTrue;
    this.edom = new Uint32Array(words);
  }
  get succ(): Block | null {
    return this.isTrue ? this.pred.jt : this.pred.jf;
  }
  set succ(b: Block | null) {
    if (this.isTrue) this.pred.jt = b;
    else this.pred.jf = b;
  }
}

/** Per-block optimiser state. */
interface Info {
  id: number;
  level: number;
  link: Block | null;
  dom: Uint32Array;
  et: Edge;
  ef: Edge;
  inEdges: Edge | null;
  val: Uint32Array;
  oval: number;
  def: number;
  kill: number;
  inUse: number;
  outUse: number;
}

const setInsert = (s: Uint32Array, n: number) => { s[n >>> 5]! |= 1 << (n & 31); };
const setMember = (s: Uint32Array, n: number) => (s[n >>> 5]! & (1 << (n & 31))) !== 0;
const setIntersect = (a: Uint32Array, b: Uint32Array) => { for (let i = 0; i < a.length; i++) a[i]! &= b[i]!; };

function atomUse(s: Stmt): number {
  const c = s.code;
  if (c === NOP) return -1;
  switch (cls(c)) {
    case CClass.RET: return (c & 0x18) === CSrc.A ? A_ATOM : (c & 0x18) === CSrc.X ? X_ATOM : -1;
    case CClass.LD: case CClass.LDX: return mode(c) === CMode.IND ? X_ATOM : mode(c) === CMode.MEM ? s.k : -1;
    case CClass.ST: return A_ATOM;
    case CClass.STX: return X_ATOM;
    case CClass.JMP: case CClass.ALU: return src(c) === CSrc.X ? AX_ATOM : A_ATOM;
    case CClass.MISC: return (c & 0xf8) === CMiscOp.TXA ? X_ATOM : A_ATOM;
  }
  return -1;
}

function atomDef(s: Stmt): number {
  const c = s.code;
  if (c === NOP) return -1;
  switch (cls(c)) {
    case CClass.LD: case CClass.ALU: return A_ATOM;
    case CClass.LDX: return X_ATOM;
    case CClass.ST: case CClass.STX: return s.k;
    case CClass.MISC: return (c & 0xf8) === CMiscOp.TAX ? X_ATOM : A_ATOM;
  }
  return -1;
}

export function optimize(root: Block): Block {
  const opt = new Optimizer(root);
  opt.run();
  const r = opt.root;
  if (cls(r.code) === CClass.RET && r.k === 0) throw new FilterError('expression rejects all packets');
  return r;
}

class Optimizer {
  root: Block;
  private readonly blocks: Block[] = [];
  private readonly infos: Info[] = [];
  private edges: Edge[] = [];
  private levels: (Block | null)[] = [];
  private nodewords = 0;
  /** Every block's dominator set, `nodewords` words each. */
  private allDoms = new Uint32Array(0);
  /** Blocks from the root's level down, computed once per pass. */
  private topDown: Block[] | undefined;
  private edgewords = 0;
  private done = true;
  private nonBranchMovement = false;
  // Value numbering.
  private curval = 0;
  private vtable = new Map<string, number>();
  private vconst: (number | undefined)[] = [];

  constructor(root: Block) {
    this.root = root;
  }

  private I(b: Block): Info {
    return this.infos[b.optId]!;
  }

  run(): void {
    this.init();
    this.loop(false);
    this.loop(true);
    this.internBlocks();
    this.optRoot();
  }

  private init(): void {
    const seen = new Set<Block>();
    const number = (p: Block | null): void => {
      if (!p || seen.has(p)) return;
      seen.add(p);
      this.blocks.push(p);
      number(p.jt);
      number(p.jf);
    };
    number(this.root);
    const n = this.blocks.length;
    this.nodewords = Math.ceil(n / 32) || 1;
    this.edgewords = Math.ceil((2 * n) / 32) || 1;
    this.edges = new Array<Edge>(2 * n);
    this.allDoms = new Uint32Array(n * this.nodewords);
    this.blocks.forEach((b, i) => {
      const et = new Edge(i, b, true, this.edgewords);
      const ef = new Edge(n + i, b, false, this.edgewords);
      this.edges[i] = et;
      this.edges[n + i] = ef;
      b.optId = i;
      this.infos.push({
        id: i, level: 0, link: null, dom: this.allDoms.subarray(i * this.nodewords, (i + 1) * this.nodewords), et, ef, inEdges: null,
        val: new Uint32Array(N_ATOMS), oval: 0, def: 0, kill: 0, inUse: 0, outUse: 0,
      });
    });
  }

  private loop(doStmts: boolean): void {
    let loopCount = 0;
    for (;;) {
      this.done = true;
      this.nonBranchMovement = false;
      this.findLevels();
      this.findDom();
      this.findUd();
      this.findEdom();
      this.optBlks(doStmts);
      if (this.done) break;
      if (this.nonBranchMovement) loopCount = 0;
      else if (++loopCount >= 100) {
        this.done = true;
        break;
      }
    }
  }

  // ---- graph analyses ----

  private findLevels(): void {
    this.topDown = undefined;
    this.levels = new Array<Block | null>(this.blocks.length).fill(null);
    const seen = new Set<Block>();
    const r = (p: Block): void => {
      if (seen.has(p)) return;
      seen.add(p);
      let level = 0;
      if (p.jt && p.jf) {
        r(p.jt);
        r(p.jf);
        level = Math.max(this.I(p.jt).level, this.I(p.jf).level) + 1;
      }
      const info = this.I(p);
      info.level = level;
      info.link = this.levels[level] ?? null;
      this.levels[level] = p;
    };
    r(this.root);
  }

  /** Blocks of levels `from` down to `to` (the root has the highest level), each level in list order. */
  private byLevel(from: number, to: number): Block[] {
    const out: Block[] = [];
    for (let i = from; i >= to; i--) {
      for (let b = this.levels[i] ?? null; b; b = this.I(b).link) out.push(b);
    }
    return out;
  }
  /** Blocks of levels `from` up to `to`. */
  private byLevelUp(from: number, to: number): Block[] {
    const out: Block[] = [];
    for (let i = from; i <= to; i++) {
      for (let b = this.levels[i] ?? null; b; b = this.I(b).link) out.push(b);
    }
    return out;
  }

  private findDom(): void {
    this.allDoms.fill(0xffffffff);
    this.I(this.root).dom.fill(0);
    // The level lists of this pass (pull-ups change edges, not the lists, as in libpcap).
    this.topDown ??= this.byLevel(this.I(this.root).level, 0);
    for (const b of this.topDown) {
      const info = this.I(b);
      setInsert(info.dom, info.id);
      if (!b.jt || !b.jf) continue;
      setIntersect(this.I(b.jt).dom, info.dom);
      setIntersect(this.I(b.jf).dom, info.dom);
    }
  }

  private propEdom(ep: Edge): void {
    setInsert(ep.edom, ep.id);
    const s = ep.succ;
    if (s) {
      setIntersect(this.I(s).et.edom, ep.edom);
      setIntersect(this.I(s).ef.edom, ep.edom);
    }
  }

  private findEdom(): void {
    for (const e of this.edges) e.edom.fill(0xffffffff);
    const ri = this.I(this.root);
    ri.et.edom.fill(0);
    ri.ef.edom.fill(0);
    for (const b of this.byLevel(ri.level, 0)) {
      this.propEdom(this.I(b).et);
      this.propEdom(this.I(b).ef);
    }
  }

  private computeLocalUd(b: Block): void {
    let def = 0;
    let use = 0;
    let killed = 0;
    const noteUse = (atom: number) => {
      if (atom < 0) return;
      if (atom === AX_ATOM) {
        if (!(def & (1 << X_ATOM))) use |= 1 << X_ATOM;
        if (!(def & (1 << A_ATOM))) use |= 1 << A_ATOM;
      } else if (!(def & (1 << atom))) use |= 1 << atom;
    };
    for (const s of b.stmts) {
      if (s.code === NOP) continue;
      noteUse(atomUse(s));
      const atom = atomDef(s);
      if (atom >= 0) {
        if (!(use & (1 << atom))) killed |= 1 << atom;
        def |= 1 << atom;
      }
    }
    if (cls(b.code) === CClass.JMP) noteUse(atomUse({ code: b.code, k: b.k }));
    const info = this.I(b);
    info.def = def;
    info.kill = killed;
    info.inUse = use;
  }

  private findUd(): void {
    const maxlevel = this.I(this.root).level;
    for (const p of this.byLevel(maxlevel, 0)) {
      this.computeLocalUd(p);
      this.I(p).outUse = 0;
    }
    for (const p of this.byLevelUp(1, maxlevel)) {
      const info = this.I(p);
      info.outUse |= this.I(p.jt!).inUse | this.I(p.jf!).inUse;
      info.inUse |= info.outUse & ~info.kill;
    }
  }

  private findInedges(): void {
    for (const b of this.blocks) this.I(b).inEdges = null;
    for (const b of this.byLevel(this.I(this.root).level, 1)) {
      const info = this.I(b);
      this.linkInedge(info.et, b.jt!);
      this.linkInedge(info.ef, b.jf!);
    }
  }
  private linkInedge(parent: Edge, child: Block): void {
    const ci = this.I(child);
    parent.next = ci.inEdges;
    ci.inEdges = parent;
  }

  // ---- value numbering ----

  private initVal(): void {
    this.curval = 0;
    this.vtable.clear();
    this.vconst = [undefined];
  }

  private F(code: number, v0: number, v1: number): number {
    const key = `${code},${v0},${v1}`;
    const found = this.vtable.get(key);
    if (found !== undefined) return found;
    const val = ++this.curval;
    this.vtable.set(key, val);
    this.vconst[val] = mode(code) === CMode.IMM && (cls(code) === CClass.LD || cls(code) === CClass.LDX) ? v0 : undefined;
    return val;
  }
  private K(k: number): number {
    return this.F(CClass.LD | CMode.IMM | CSize.W, k >>> 0, 0);
  }
  private isConst(v: number): boolean {
    return this.vconst[v] !== undefined;
  }
  private constVal(v: number): number {
    return this.vconst[v]!;
  }

  private vstore(s: Stmt, val: Uint32Array, atom: number, newval: number, alter: boolean): void {
    if (alter && newval !== VAL_UNKNOWN && val[atom] === newval) s.code = NOP;
    else val[atom] = newval;
  }

  private changed(): void {
    this.done = false;
    this.nonBranchMovement = true;
  }

  private foldOp(s: Stmt, v0: number, v1: number): void {
    let a = this.constVal(v0);
    const b = this.constVal(v1);
    switch (op(s.code)) {
      case CAluOp.ADD: a = (a + b) >>> 0; break;
      case CAluOp.SUB: a = (a - b) >>> 0; break;
      case CAluOp.MUL: a = Math.imul(a, b) >>> 0; break;
      case CAluOp.DIV:
        if (b === 0) throw new FilterError('division by zero');
        a = Math.floor(a / b) >>> 0;
        break;
      case CAluOp.MOD:
        if (b === 0) throw new FilterError('modulus by zero');
        a = (a % b) >>> 0;
        break;
      case CAluOp.AND: a = (a & b) >>> 0; break;
      case CAluOp.OR: a = (a | b) >>> 0; break;
      case CAluOp.XOR: a = (a ^ b) >>> 0; break;
      case CAluOp.LSH: a = b < 32 ? (a << b) >>> 0 : 0; break;
      case CAluOp.RSH: a = b < 32 ? a >>> b : 0; break;
      default: throw new FilterError('internal error: cannot fold operation');
    }
    s.k = a;
    s.code = CClass.LD | CMode.IMM;
    this.changed();
  }

  private optStmt(s: Stmt, val: Uint32Array, alter: boolean): void {
    const c = s.code;
    let v: number;
    if (c === NOP) return;
    if (cls(c) === CClass.LD && mode(c) === CMode.ABS) {
      this.vstore(s, val, A_ATOM, this.F(c, s.k, 0), alter);
      return;
    }
    if (cls(c) === CClass.LD && mode(c) === CMode.IND) {
      v = val[X_ATOM]!;
      if (alter && this.isConst(v)) {
        s.code = CClass.LD | CMode.ABS | (c & 0x18);
        s.k = (s.k + this.constVal(v)) >>> 0;
        v = this.F(s.code, s.k, 0);
        this.changed();
      } else v = this.F(c, s.k, v);
      this.vstore(s, val, A_ATOM, v, alter);
      return;
    }
    switch (c) {
      case CClass.LD | CMode.LEN:
        this.vstore(s, val, A_ATOM, this.F(c, 0, 0), alter);
        return;
      case CClass.LD | CMode.IMM:
        this.vstore(s, val, A_ATOM, this.K(s.k), alter);
        return;
      case CClass.LDX | CMode.IMM:
        this.vstore(s, val, X_ATOM, this.K(s.k), alter);
        return;
      case CClass.LDX | CMode.MSH | CSize.B:
        this.vstore(s, val, X_ATOM, this.F(c, s.k, 0), alter);
        return;
      case CClass.ALU | CAluOp.NEG:
        if (alter && this.isConst(val[A_ATOM]!)) {
          s.code = CClass.LD | CMode.IMM;
          s.k = (0 - this.constVal(val[A_ATOM]!)) >>> 0;
          val[A_ATOM] = this.K(s.k);
        } else val[A_ATOM] = this.F(c, val[A_ATOM]!, 0);
        return;
      case CClass.MISC | CMiscOp.TXA:
        this.vstore(s, val, A_ATOM, val[X_ATOM]!, alter);
        return;
      case CClass.LD | CMode.MEM:
        v = val[s.k]!;
        if (alter && this.isConst(v)) {
          s.code = CClass.LD | CMode.IMM;
          s.k = this.constVal(v);
          this.changed();
        }
        this.vstore(s, val, A_ATOM, v, alter);
        return;
      case CClass.MISC | CMiscOp.TAX:
        this.vstore(s, val, X_ATOM, val[A_ATOM]!, alter);
        return;
      case CClass.LDX | CMode.MEM:
        v = val[s.k]!;
        if (alter && this.isConst(v)) {
          s.code = CClass.LDX | CMode.IMM;
          s.k = this.constVal(v);
          this.changed();
        }
        this.vstore(s, val, X_ATOM, v, alter);
        return;
      case CClass.ST:
        this.vstore(s, val, s.k, val[A_ATOM]!, alter);
        return;
      case CClass.STX:
        this.vstore(s, val, s.k, val[X_ATOM]!, alter);
        return;
    }
    if (cls(c) === CClass.ALU && src(c) === CSrc.K) {
      const o = op(c);
      if (alter) {
        if (s.k === 0) {
          if (o === CAluOp.ADD || o === CAluOp.LSH || o === CAluOp.RSH || o === CAluOp.OR || o === CAluOp.XOR) {
            s.code = NOP;
            return;
          }
          if (o === CAluOp.MUL || o === CAluOp.AND) {
            s.code = CClass.LD | CMode.IMM;
            val[A_ATOM] = this.K(s.k);
            return;
          }
          if (o === CAluOp.DIV) throw new FilterError('division by zero');
          if (o === CAluOp.MOD) throw new FilterError('modulus by zero');
        }
        if (this.isConst(val[A_ATOM]!)) {
          this.foldOp(s, val[A_ATOM]!, this.K(s.k));
          val[A_ATOM] = this.K(s.k);
          return;
        }
      }
      val[A_ATOM] = this.F(c, val[A_ATOM]!, this.K(s.k));
      return;
    }
    if (cls(c) === CClass.ALU && src(c) === CSrc.X) {
      const o = op(c);
      if (alter && this.isConst(val[X_ATOM]!)) {
        if (this.isConst(val[A_ATOM]!)) {
          this.foldOp(s, val[A_ATOM]!, val[X_ATOM]!);
          val[A_ATOM] = this.K(s.k);
        } else {
          s.code = CClass.ALU | CSrc.K | o;
          s.k = this.constVal(val[X_ATOM]!);
          if ((o === CAluOp.LSH || o === CAluOp.RSH) && s.k > 31) throw new FilterError('shift by more than 31 bits');
          this.changed();
          val[A_ATOM] = this.F(s.code, val[A_ATOM]!, this.K(s.k));
        }
        return;
      }
      if (alter && this.isConst(val[A_ATOM]!) && this.constVal(val[A_ATOM]!) === 0) {
        if (o === CAluOp.ADD || o === CAluOp.OR || o === CAluOp.XOR) {
          s.code = CClass.MISC | CMiscOp.TXA;
          this.vstore(s, val, A_ATOM, val[X_ATOM]!, alter);
          return;
        }
        if (o === CAluOp.MUL || o === CAluOp.DIV || o === CAluOp.MOD || o === CAluOp.AND || o === CAluOp.LSH || o === CAluOp.RSH) {
          s.code = CClass.LD | CMode.IMM;
          s.k = 0;
          this.vstore(s, val, A_ATOM, this.K(s.k), alter);
          return;
        }
        if (o === CAluOp.NEG) {
          s.code = NOP;
          return;
        }
      }
      val[A_ATOM] = this.F(c, val[A_ATOM]!, val[X_ATOM]!);
    }
  }

  // ---- per-block rewrites ----

  private static thisOp(stmts: Stmt[], i: number): number {
    while (i < stmts.length && stmts[i]!.code === NOP) i++;
    return i < stmts.length ? i : -1;
  }

  private optPeep(b: Block): void {
    const ss = b.stmts;
    if (ss.length === 0) return;
    const info = this.I(b);
    let last = 0;
    for (let si = 0; ;) {
      const s = Optimizer.thisOp(ss, si);
      if (s < 0) break;
      const next = Optimizer.thisOp(ss, s + 1);
      if (next < 0) break;
      last = next;
      const S = ss[s]!;
      const N = ss[next]!;
      // st M[k]; ldx M[k]  ->  st M[k]; tax
      if (S.code === CClass.ST && N.code === (CClass.LDX | CMode.MEM) && S.k === N.k) {
        this.changed();
        N.code = CClass.MISC | CMiscOp.TAX;
      }
      // ld #k; tax  ->  ldx #k; txa
      if (S.code === (CClass.LD | CMode.IMM) && N.code === (CClass.MISC | CMiscOp.TAX)) {
        S.code = CClass.LDX | CMode.IMM;
        N.code = CClass.MISC | CMiscOp.TXA;
        this.changed();
      }
      // ld #k; add x; tax; ld[x + j]  ->  ld[x + j + k]  (tcp[k] with a constant k)
      if (S.code === (CClass.LD | CMode.IMM) && !(info.outUse & (1 << X_ATOM))) {
        // The ldxb 4*([k]&0xf) of the IP header length may sit between the ld and the add.
        const add = N.code !== (CClass.LDX | CMode.MSH | CSize.B) ? next : Optimizer.thisOp(ss, next + 1);
        const tax = add >= 0 && ss[add]!.code === (CClass.ALU | CAluOp.ADD | CSrc.X) ? Optimizer.thisOp(ss, add + 1) : -1;
        const ild = tax >= 0 && ss[tax]!.code === (CClass.MISC | CMiscOp.TAX) ? Optimizer.thisOp(ss, tax + 1) : -1;
        if (ild >= 0 && cls(ss[ild]!.code) === CClass.LD && mode(ss[ild]!.code) === CMode.IND) {
          ss[ild]!.k = (ss[ild]!.k + S.k) >>> 0;
          S.code = NOP;
          ss[add]!.code = NOP;
          ss[tax]!.code = NOP;
          this.changed();
        }
      }
      si = next;
    }
    const L = ss[last]!;
    if (b.code === (CClass.JMP | CJmpOp.JEQ | CSrc.K) && !(info.outUse & (1 << A_ATOM))) {
      if (L.code === (CClass.ALU | CAluOp.SUB | CSrc.X)) {
        const xv = info.val[X_ATOM]!;
        if (this.isConst(xv)) {
          b.k = (b.k + this.constVal(xv)) >>> 0;
          L.code = NOP;
          this.changed();
        } else if (b.k === 0) {
          L.code = NOP;
          b.code = CClass.JMP | CJmpOp.JEQ | CSrc.X;
          this.changed();
        }
      } else if (L.code === (CClass.ALU | CAluOp.SUB | CSrc.K)) {
        L.code = NOP;
        b.k = (b.k + L.k) >>> 0;
        this.changed();
      } else if (L.code === (CClass.ALU | CAluOp.AND | CSrc.K) && b.k === 0) {
        b.k = L.k;
        b.code = CClass.JMP | CSrc.K | CJmpOp.JSET;
        L.code = NOP;
        this.changed();
        [b.jt, b.jf] = [b.jf, b.jt];
      }
    }
    this.foldBranch(b);
  }

  /** Branch rewrites that need only the block's final values. */
  private foldBranch(b: Block): void {
    const info = this.I(b);
    if (b.code === (CClass.JMP | CSrc.K | CJmpOp.JSET)) {
      if (b.k === 0) b.jt = b.jf;
      if (b.k >>> 0 === 0xffffffff) b.jf = b.jt;
    }
    const xv = info.val[X_ATOM]!;
    if (this.isConst(xv) && src(b.code) === CSrc.X) {
      b.code &= ~CSrc.X;
      b.k = this.constVal(xv);
    }
    const av = info.val[A_ATOM]!;
    if (this.isConst(av) && src(b.code) === CSrc.K) {
      let v = this.constVal(av);
      let r: boolean;
      switch (op(b.code)) {
        case CJmpOp.JEQ: r = v === b.k; break;
        case CJmpOp.JGT: r = v > b.k; break;
        case CJmpOp.JGE: r = v >= b.k; break;
        case CJmpOp.JSET: v = (v & b.k) >>> 0; r = v !== 0; break;
        default: throw new FilterError('internal error: unexpected branch');
      }
      if (b.jf !== b.jt) this.changed();
      if (r) b.jf = b.jt;
      else b.jt = b.jf;
    }
  }

  private optDeadstores(b: Block): void {
    const last: (Stmt | null)[] = new Array<Stmt | null>(N_ATOMS).fill(null);
    const dead = (s: Stmt) => {
      let atom = atomUse(s);
      if (atom >= 0) {
        if (atom === AX_ATOM) {
          last[X_ATOM] = null;
          last[A_ATOM] = null;
        } else last[atom] = null;
      }
      atom = atomDef(s);
      if (atom >= 0) {
        const prev = last[atom];
        if (prev) {
          this.changed();
          prev.code = NOP;
        }
        last[atom] = s;
      }
    };
    for (const s of b.stmts) dead(s);
    dead({ code: b.code, k: b.k });
    const outUse = this.I(b).outUse;
    for (let atom = 0; atom < N_ATOMS; atom++) {
      const s = last[atom];
      if (s && !(outUse & (1 << atom))) {
        s.code = NOP;
        this.changed();
      }
    }
  }

  private optBlk(b: Block, doStmts: boolean): void {
    const info = this.I(b);
    let p = info.inEdges;
    if (!p) info.val.fill(0);
    else {
      info.val.set(this.I(p.pred).val);
      while ((p = p.next) !== null) {
        const pv = this.I(p.pred).val;
        for (let i = 0; i < N_ATOMS; i++) if (info.val[i] !== pv[i]) info.val[i] = 0;
      }
    }
    const aval = info.val[A_ATOM]!;
    const xval = info.val[X_ATOM]!;
    for (const s of b.stmts) this.optStmt(s, info.val, doStmts);
    if (doStmts && ((info.outUse === 0 && aval !== VAL_UNKNOWN && info.val[A_ATOM] === aval &&
      xval !== VAL_UNKNOWN && info.val[X_ATOM] === xval) || cls(b.code) === CClass.RET)) {
      if (b.stmts.length !== 0) {
        b.stmts = [];
        this.changed();
      }
    } else {
      this.optPeep(b);
      this.optDeadstores(b);
    }
    info.oval = src(b.code) === CSrc.K ? this.K(b.k) : info.val[X_ATOM]!;
    info.et.code = b.code;
    info.ef.code = -b.code;
  }

  private optBlks(doStmts: boolean): void {
    this.initVal();
    const maxlevel = this.I(this.root).level;
    this.findInedges();
    for (const p of this.byLevel(maxlevel, 0)) this.optBlk(p, doStmts);
    if (doStmts) return;
    for (const p of this.byLevelUp(1, maxlevel)) {
      this.optJ(this.I(p).et);
      this.optJ(this.I(p).ef);
    }
    this.findInedges();
    for (const p of this.byLevelUp(1, maxlevel)) {
      this.orPullup(p);
      this.andPullup(p);
    }
  }

  // ---- branch optimisation ----

  /** Whether moving `b`'s edge to `succ` would change a value `succ`'s successors use. */
  private useConflict(b: Block, succ: Block): boolean {
    const si = this.I(succ);
    const use = si.outUse;
    if (use === 0) return false;
    const bv = this.I(b).val;
    for (let atom = 0; atom < N_ATOMS; atom++) {
      if (use & (1 << atom) && bv[atom] !== si.val[atom]) return true;
    }
    return false;
  }

  /** Where `child`'s branch goes if the comparison on edge `ep` was taken, or null if unknown. */
  private foldEdge(child: Block, ep: Edge): Block | null {
    let code = ep.code;
    let sense: boolean;
    if (code < 0) {
      code = -code;
      sense = false;
    } else sense = true;
    if (child.code !== code) return null;
    const ci = this.I(child);
    const pi = this.I(ep.pred);
    if (ci.val[A_ATOM] !== pi.val[A_ATOM]) return null;
    if (ci.oval === pi.oval) return sense ? child.jt : child.jf;
    if (sense && code === (CClass.JMP | CJmpOp.JEQ | CSrc.K)) return child.jf;
    return null;
  }

  private optJ(ep: Edge): void {
    const succ = ep.succ;
    if (!succ || !succ.jt) return;
    if (succ.jt === succ.jf) {
      if (!this.useConflict(ep.pred, succ.jt)) {
        this.nonBranchMovement = true;
        this.done = false;
        ep.succ = succ.jt;
      }
    }
    top: for (;;) {
      for (let i = 0; i < this.edgewords; i++) {
        let x = ep.edom[i]!;
        while (x !== 0) {
          const bit = 31 - Math.clz32(x & -x);
          x &= ~(1 << bit);
          const k = bit + i * 32;
          const target = this.foldEdge(ep.succ!, this.edges[k]!);
          if (target && !this.useConflict(ep.pred, target)) {
            this.done = false;
            ep.succ = target;
            if (target.jt) continue top;
            return;
          }
        }
      }
      return;
    }
  }

  /** Moves a test on the same value as `b` from further down `b`'s false chain up to `b`. */
  private orPullup(b: Block): void {
    this.pullup(b, false);
  }
  private andPullup(b: Block): void {
    this.pullup(b, true);
  }

  /** or_pullup (`viaTrue` false: chains of false edges) and and_pullup (`viaTrue` true). */
  private pullup(b: Block, viaTrue: boolean): void {
    const bi = this.I(b);
    let ep = bi.inEdges;
    if (!ep) return;
    const val = this.I(ep.pred).val[A_ATOM];
    for (let e = ep.next; e; e = e.next) if (val !== this.I(e.pred).val[A_ATOM]) return;
    // A "slot" is a block's jt or jf pointer.
    type Slot = { owner: Block; isTrue: boolean };
    const get = (s: Slot) => (s.isTrue ? s.owner.jt : s.owner.jf);
    const set = (s: Slot, v: Block | null) => {
      if (s.isTrue) s.owner.jt = v;
      else s.owner.jf = v;
    };
    const first = ep.pred;
    let diffp: Slot = { owner: first, isTrue: first.jt === b };
    const same = (x: Block) => (viaTrue ? x.jf === b.jf : x.jt === b.jt);
    let atTop = true;
    for (;;) {
      const d = get(diffp);
      if (!d) return;
      if (!same(d)) return;
      if (!setMember(this.I(d).dom, bi.id)) return;
      if (this.I(d).val[A_ATOM] !== val) break;
      diffp = { owner: d, isTrue: viaTrue };
      atTop = false;
    }
    let samep: Slot = { owner: get(diffp)!, isTrue: viaTrue };
    for (;;) {
      const s = get(samep);
      if (!s) return;
      if (!same(s)) return;
      if (!setMember(this.I(s).dom, bi.id)) return;
      if (this.I(s).val[A_ATOM] === val) break;
      samep = { owner: s, isTrue: viaTrue };
    }
    const pull = get(samep)!;
    set(samep, viaTrue ? pull.jt : pull.jf);
    if (viaTrue) pull.jt = get(diffp);
    else pull.jf = get(diffp);
    if (atTop) {
      for (ep = bi.inEdges; ep; ep = ep.next) {
        if (ep.pred.jt === b) ep.pred.jt = pull;
        else ep.pred.jf = pull;
      }
    } else set(diffp, pull);
    // libpcap 1.10.3 leaves the dominator sets of this pass stale here (later versions recompute
    // them); with 150 `or`ed ports that is over 10,000 pull-ups, so recomputing would also be slow.
    this.done = false;
  }

  // ---- final clean-up ----

  private internBlocks(): void {
    const n = this.blocks.length;
    for (;;) {
      let done = true;
      for (const b of this.blocks) this.I(b).link = null;
      const marked = new Uint8Array(n);
      const mark = (p: Block | null): void => {
        if (!p || marked[p.optId]) return;
        marked[p.optId] = 1;
        mark(p.jt);
        mark(p.jf);
      };
      mark(this.root);
      // Each block links to the first later block equal to it (libpcap compares every pair; equal
      // blocks share a key, so the first later one is the next index with the same key).
      const nextSame = new Map<string, number>();
      for (let i = n - 1; i >= 0; i--) {
        const bi = this.blocks[i]!;
        if (!marked[i]) continue;
        const key = blockKey(bi);
        const j = nextSame.get(key);
        if (j !== undefined && i !== n - 1) {
          const bj = this.blocks[j]!;
          this.I(bi).link = this.I(bj).link ?? bj;
        }
        nextSame.set(key, i);
      }
      for (const p of this.blocks) {
        if (!p.jt || !p.jf) continue;
        const lt = this.I(p.jt).link;
        if (lt) {
          done = false;
          p.jt = lt;
        }
        const lf = this.I(p.jf).link;
        if (lf) {
          done = false;
          p.jf = lf;
        }
      }
      if (done) break;
    }
  }

  private optRoot(): void {
    const s = this.root.stmts;
    this.root.stmts = [];
    let b = this.root;
    while (cls(b.code) === CClass.JMP && b.jt === b.jf && b.jt) b = b.jt;
    b.stmts = [...s, ...b.stmts];
    if (cls(b.code) === CClass.RET) b.stmts = [];
    this.root = b;
  }
}

/** Equal keys mean the same jump, the same successors and the same statements (NOPs aside). */
function blockKey(b: Block): string {
  let key = `${b.code},${b.k},${b.jt ? b.jt.optId : -1},${b.jf ? b.jf.optId : -1}`;
  for (const s of b.stmts) if (s.code !== NOP) key += `;${s.code},${s.k}`;
  return key;
}
