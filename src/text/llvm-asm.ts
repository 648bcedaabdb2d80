/**
 * Assembler for the C-like eBPF syntax that llvm-objdump, llvm-mc and the kernel's verifier log
 * use (`r0 = *(u32 *)(r1 + 4)`, `if w2 != 8 goto +3`, `lock *(u64 *)(r1 + 0) += r2`, `call 5`).
 * It also reads whole `llvm-objdump -d` listings (addresses, raw bytes and symbol headers are
 * skipped) and kernel log instruction lines (`12: (bf) r0 = r2`). The grammar is in
 * docs/asm-syntax.md. Every form comes from the opcode table; operators from ./c-syntax.ts.
 */
import { AsmError } from '../errors.js';
import { helperId } from '../isa/helpers.js';
import { type Insn, splitImm64 } from '../isa/insn.js';
import { REG_COUNT } from '../isa/opcodes.js';
import { FORMS, type Form, type Kind, type Operation } from '../isa/table.js';
import { ALU_OPERATOR, ATOMIC_OPERATOR, JUMP_OPERATOR, operationOf, typeSize } from './c-syntax.js';

// --- Tokens -------------------------------------------------------------------------------------

type Token =
  | { k: 'reg'; w: boolean; n: number; col: number; text: string }
  | { k: 'num'; v: bigint; col: number; text: string }
  | { k: 'id'; col: number; text: string }
  | { k: 'sym'; col: number; text: string } // objdump's `<LBB0_3>` annotation
  | { k: 'p'; col: number; text: string }
  | { k: 'end'; col: number; text: string };

const PUNCTUATORS = [
  's>>=', '<<=', '>>=', 's/=', 's%=', 's>=', 's<=', 's>', 's<', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=',
  '==', '!=', '>=', '<=', '>', '<', '=', '(', ')', '*', '+', '-', ',', '[', ']', '&', '#',
];

interface Line {
  file: string;
  line: number;
}

function fail(at: Line, col: number, message: string): never {
  throw new AsmError(message, at.file, at.line, col);
}

function describe(t: Token): string {
  return t.k === 'end' ? 'end of line' : `'${t.text}'`;
}

function tokenize(text: string, start: number, end: number, at: Line): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    const rest = text.slice(i, end);
    const col = i + 1;
    let m: RegExpExecArray | null;
    if ((m = /^(?:0[xX][0-9a-fA-F]+|\d+)(?![\w.$])/.exec(rest))) {
      tokens.push({ k: 'num', v: BigInt(m[0]), col, text: m[0] });
    } else if ((m = /^<[A-Za-z_.$][^<>\s]*>/.exec(rest))) {
      tokens.push({ k: 'sym', col, text: m[0] });
    } else if ((m = /^kernel-function(?![\w.$])/.exec(rest)) || (m = /^[A-Za-z_.$][\w.$]*/.exec(rest))) {
      const r = /^([rw])(\d+)$/.exec(m[0]);
      const isSignedOp = m[0] === 's' && /^s(?:>|<|\/=|%=)/.test(rest);
      if (isSignedOp) {
        const p = PUNCTUATORS.find((q) => rest.startsWith(q))!;
        tokens.push({ k: 'p', col, text: p });
        i += p.length;
        continue;
      }
      if (r) tokens.push({ k: 'reg', w: r[1] === 'w', n: Number(r[2]), col, text: m[0] });
      else tokens.push({ k: 'id', col, text: m[0] });
    } else {
      const p = PUNCTUATORS.find((q) => rest.startsWith(q));
      if (!p) fail(at, col, `unexpected character '${c}'`);
      tokens.push({ k: 'p', col, text: p });
      i += p.length;
      continue;
    }
    i += m[0].length;
  }
  tokens.push({ k: 'end', col: end + 1, text: '' });
  return tokens;
}

// --- Form lookup: the table decides every encoding ----------------------------------------------

function findForm(at: Line, col: number, pred: (f: Form) => boolean, what: string): Form {
  const f = FORMS.find(pred);
  if (!f) fail(at, col, `no eBPF instruction ${what}`);
  return f;
}

function formFor(kind: Kind, props: { op?: Operation; is64?: boolean; reg?: boolean; size?: number; src?: number; imm?: number }): (f: Form) => boolean {
  return (f) => f.kind === kind
    && (props.op === undefined || f.op === props.op)
    && (props.is64 === undefined || f.is64 === props.is64)
    && (props.reg === undefined || f.reg === props.reg)
    && (props.size === undefined || f.size === props.size)
    && (props.src === undefined || f.select.src === props.src)
    && (props.imm === undefined || f.select.imm === props.imm);
}

function make(f: Form, fields: Partial<Insn>): Insn {
  const i: Insn = { code: f.code, dst: 0, src: 0, off: 0, imm: 0, ...fields };
  for (const [field, value] of Object.entries(f.select)) (i as unknown as Record<string, number>)[field] = value;
  return i;
}

// --- Parser ----------------------------------------------------------------------------------

/** A jump or call whose target is a label, resolved once all labels are known. */
interface Fixup {
  label: string;
  col: number;
  field: 'off' | 'imm';
  /** `call name` may name a helper when no label of that name exists. */
  helperFallback?: number;
}

interface Statement {
  insn: Insn;
  fixup?: Fixup;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private readonly at: Line;
  /** Set for kernel lines with opcode (18): `r1 = 0x5` is then the LD_IMM64 the kernel printed. */
  forceWide = false;

  constructor(tokens: Token[], at: Line) {
    this.tokens = tokens;
    this.at = at;
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.k !== 'end') this.pos++;
    return t;
  }

  isP(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.k === 'p' && t.text === text;
  }

  isId(text: string): boolean {
    const t = this.peek();
    return t.k === 'id' && t.text === text;
  }

  expectP(text: string): Token {
    const t = this.next();
    if (t.k !== 'p' || t.text !== text) this.error(t, `expected '${text}'`);
    return t;
  }

  expectId(text: string): Token {
    const t = this.next();
    if (t.k !== 'id' || t.text !== text) this.error(t, `expected '${text}'`);
    return t;
  }

  error(t: Token, expected: string): never {
    fail(this.at, t.col, `${expected}, found ${describe(t)}`);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.k === 'sym') this.next();
    const e = this.next();
    if (e.k !== 'end') this.error(e, 'expected end of instruction');
  }

  /** A register r0..r10 (or w0..w10); `width` demands a prefix. */
  reg(width?: 'r' | 'w'): Extract<Token, { k: 'reg' }> {
    const t = this.next();
    if (t.k !== 'reg') this.error(t, `expected a register${width ? ` ${width}0..${width}10` : ''}`);
    if (t.n >= REG_COUNT) fail(this.at, t.col, `no register ${t.text} (registers are ${t.w ? 'w' : 'r'}0..${t.w ? 'w' : 'r'}10)`);
    if (width && (t.w ? 'w' : 'r') !== width) fail(this.at, t.col, `expected ${width === 'r' ? 'an r' : 'a w'} register, found '${t.text}'`);
    return t;
  }

  /** An optionally signed integer. */
  number(what = 'a number'): { v: bigint; col: number } {
    const first = this.peek();
    let sign = 1n;
    if (first.k === 'p' && (first.text === '-' || first.text === '+')) {
      this.next();
      if (first.text === '-') sign = -1n;
    }
    const t = this.next();
    if (t.k !== 'num') this.error(t, `expected ${what}`);
    return { v: sign * t.v, col: first.col };
  }

  /** A 32-bit immediate: signed, or unsigned up to 0xffffffff (wrapped, as llvm-mc does). */
  imm32(what = 'an immediate'): number {
    const { v, col } = this.number(what);
    if (v < -(1n << 31n) || v >= 1n << 32n) fail(this.at, col, `${what} ${v} does not fit in 32 bits`);
    return Number(BigInt.asIntN(32, v));
  }

  /** A signed 16-bit offset. */
  off16(v: bigint, col: number): number {
    if (v < -32768n || v > 32767n) fail(this.at, col, `offset ${v} does not fit in 16 bits`);
    return Number(v);
  }

  /** `*(u32 *)` or `(u32 *)`: returns the type's width and signedness. */
  typeCast(leadingStar: boolean): { size: 1 | 2 | 4 | 8; signed: boolean; col: number } {
    if (leadingStar) this.expectP('*');
    this.expectP('(');
    const t = this.next();
    const ty = t.k === 'id' ? typeSize(t.text) : undefined;
    if (!ty) this.error(t, 'expected a type u8, u16, u32, u64 (or s8, s16, s32)');
    this.expectP('*');
    this.expectP(')');
    return { ...ty, col: t.col };
  }

  /** `reg`, `reg + N`, `reg - N` or kernel style `reg +N` / `reg -N`, without parentheses. */
  address(): { reg: number; off: number } {
    const r = this.reg('r');
    let off = 0;
    if (this.isP('+') || this.isP('-')) {
      const { v, col } = this.number('an offset');
      off = this.off16(v, col);
    }
    return { reg: r.n, off };
  }

  /** `(reg ± N)` */
  memOperand(): { reg: number; off: number } {
    this.expectP('(');
    const a = this.address();
    this.expectP(')');
    return a;
  }

  /** Jump target: `+N`, `-N`, `N`, `pc+N`, a label, or `<label>`; objdump's ` <sym>` suffix is ignored. */
  target(field: 'off' | 'imm'): { value: number; fixup?: Fixup } {
    const t = this.peek();
    if (t.k === 'id' && t.text === 'pc') this.next();
    const u = this.peek();
    if (u.k === 'num' || (u.k === 'p' && (u.text === '+' || u.text === '-'))) {
      const { v, col } = this.number('a jump offset');
      if (field === 'off') return { value: this.off16(v, col) };
      if (v < -(1n << 31n) || v >= 1n << 31n) fail(this.at, col, `jump offset ${v} does not fit in 32 bits`);
      return { value: Number(v) };
    }
    if (t.k === 'id' && t.text !== 'pc') {
      this.next();
      return { value: 0, fixup: { label: t.text, col: t.col, field } };
    }
    if (t.k === 'sym') {
      this.next();
      return { value: 0, fixup: { label: t.text.slice(1, -1), col: t.col, field } };
    }
    this.error(this.next(), 'expected a jump target (+N, -N or a label)');
  }

  statement(): Statement {
    const t = this.peek();
    if (t.k === 'id') {
      switch (t.text) {
        case 'exit': this.next(); this.expectEnd(); return { insn: make(findForm(this.at, t.col, formFor('exit', {}), 'exit'), {}) };
        case 'goto': case 'gotol': return this.jump(t.text === 'goto' ? 'ja' : 'ja32');
        case 'call': return this.call();
        case 'callx': {
          this.next();
          const r = this.reg('r');
          this.expectEnd();
          return { insn: make(findForm(this.at, t.col, formFor('callx', {}), 'callx'), { dst: r.n }) };
        }
        case 'if': return this.conditional();
        case 'lock': return this.lock();
        case 'ld_pseudo': return this.ldPseudo();
        default: break;
      }
    }
    if (t.k === 'p' && t.text === '*') return this.store();
    if (t.k === 'reg') return this.assignment();
    this.error(t, 'expected an instruction');
  }

  jump(kind: 'ja' | 'ja32'): Statement {
    const t = this.next();
    const f = findForm(this.at, t.col, formFor(kind, {}), t.text);
    const field = kind === 'ja' ? 'off' : 'imm';
    const { value, fixup } = this.target(field);
    this.expectEnd();
    return { insn: make(f, { [field]: value }), fixup };
  }

  call(): Statement {
    const t = this.next();
    const helper = findForm(this.at, t.col, formFor('call', { op: 'helper' }), 'call');
    const local = findForm(this.at, t.col, formFor('call', { op: 'local' }), 'call');
    const kfunc = findForm(this.at, t.col, formFor('call', { op: 'kfunc' }), 'call');
    const u = this.peek();
    if (u.k === 'num' || (u.k === 'p' && u.text === '-') || (u.k === 'p' && u.text === '+' && this.peek(1).k === 'num')) {
      if (u.k === 'p' && u.text === '+') this.next();
      const imm = this.imm32('a helper id');
      this.expectEnd();
      return { insn: make(helper, { imm }) };
    }
    if (u.k === 'id' && u.text === 'pc') {
      const { value } = this.target('imm');
      this.expectEnd();
      return { insn: make(local, { imm: value }) };
    }
    if (u.k === 'id' && this.isP('#', 1)) {
      // Kernel log: `call bpf_map_lookup_elem#1`, `call unknown#300`, a kfunc `call bpf_obj_new_impl#40123`.
      this.next();
      this.next();
      const imm = this.imm32('a function id');
      this.expectEnd();
      const id = helperId(u.text);
      const isHelper = u.text === 'unknown' || (u.text !== 'kernel-function' && id === imm);
      return { insn: make(isHelper ? helper : kfunc, { imm }) };
    }
    if (u.k === 'id' || u.k === 'sym') {
      const { fixup } = this.target('imm');
      this.expectEnd();
      const id = u.k === 'id' ? helperId(u.text) : undefined;
      return { insn: make(local, {}), fixup: fixup && { ...fixup, helperFallback: id } };
    }
    this.error(this.next(), 'expected a helper id, pc+N, a helper name or a label');
  }

  conditional(): Statement {
    this.next();
    const dst = this.reg();
    const opTok = this.next();
    const op = opTok.k === 'p' ? operationOf(JUMP_OPERATOR, opTok.text) : undefined;
    if (!op) this.error(opTok, 'expected a comparison (== != > >= < <= s> s>= s< s<= &)');
    const isReg = this.peek().k === 'reg';
    const src = isReg ? this.reg(dst.w ? 'w' : 'r') : undefined;
    const imm = isReg ? 0 : this.imm32();
    this.expectId('goto');
    const f = findForm(this.at, opTok.col, formFor('jcc', { op, is64: !dst.w, reg: isReg }), 'with this comparison');
    const { value, fixup } = this.target('off');
    this.expectEnd();
    return { insn: make(f, { dst: dst.n, src: src?.n ?? 0, imm, off: value }), fixup };
  }

  lock(): Statement {
    this.next();
    const ty = this.typeCast(true);
    const mem = this.memOperand();
    const opTok = this.next();
    const op = opTok.k === 'p' ? operationOf(ATOMIC_OPERATOR, opTok.text) : undefined;
    if (!op) this.error(opTok, "expected an atomic operator ('+=', '|=', '&=' or '^=')");
    const src = this.reg();
    this.expectEnd();
    const f = findForm(this.at, ty.col, formFor('atomic', { op, size: ty.size, imm: ATOMIC_IMM[op]! }), `lock on ${ty.size * 8}-bit values`);
    return { insn: make(f, { dst: mem.reg, src: src.n, off: mem.off }) };
  }

  ldPseudo(): Statement {
    this.next();
    const dst = this.reg('r');
    this.expectP(',');
    const src = this.number('a pseudo source 1..6');
    this.expectP(',');
    const value = this.number('a 64-bit immediate');
    this.expectEnd();
    const f = findForm(this.at, src.col, formFor('lddw', { src: Number(src.v) }), `ld_pseudo with source ${src.v}`);
    return { insn: { ...make(f, { dst: dst.n }), ...imm64Fields(value.v, this.at, value.col) } };
  }

  store(): Statement {
    const ty = this.typeCast(true);
    const mem = this.memOperand();
    this.expectP('=');
    if (ty.signed) fail(this.at, ty.col, 'stores take an unsigned type (u8, u16, u32, u64)');
    if (this.peek().k === 'reg') {
      const src = this.reg();
      this.expectEnd();
      const f = findForm(this.at, ty.col, formFor('stx', { size: ty.size }), 'store');
      return { insn: make(f, { dst: mem.reg, src: src.n, off: mem.off }) };
    }
    const imm = this.imm32();
    this.expectEnd();
    const f = findForm(this.at, ty.col, formFor('st', { size: ty.size }), 'store');
    return { insn: make(f, { dst: mem.reg, off: mem.off, imm }) };
  }

  assignment(): Statement {
    const dst = this.reg();
    const opTok = this.next();
    if (opTok.k !== 'p') this.error(opTok, "expected '=' or an operator such as '+='");
    if (opTok.text !== '=') return this.alu(dst, opTok);
    const t = this.peek();
    if (t.k === 'p' && t.text === '*') return this.load(dst);
    if (t.k === 'p' && t.text === '-' && this.peek(1).k === 'reg') {
      this.next();
      const r = this.reg(dst.w ? 'w' : 'r');
      if (r.n !== dst.n) fail(this.at, r.col, `negation works in place: expected ${dst.text}`);
      this.expectEnd();
      return { insn: make(findForm(this.at, t.col, formFor('neg', { is64: !dst.w }), 'neg'), { dst: dst.n }) };
    }
    if (t.k === 'p' && t.text === '(') {
      this.next();
      const ty = this.next();
      const sx = ty.k === 'id' ? typeSize(ty.text) : undefined;
      if (!sx?.signed) this.error(ty, 'expected a sign-extension type s8, s16 or s32');
      this.expectP(')');
      const src = this.reg(dst.w ? 'w' : 'r');
      this.expectEnd();
      const f = findForm(this.at, ty.col, formFor('movsx', { is64: !dst.w, size: sx.size }), `sign-extending ${ty.text} move into ${dst.w ? 'w' : 'r'} registers`);
      return { insn: make(f, { dst: dst.n, src: src.n }) };
    }
    if (t.k === 'id') {
      const end = /^(be|le|bswap)(16|32|64)$/.exec(t.text);
      if (end) return this.byteSwap(dst, t, end[1] as 'be' | 'le' | 'bswap', Number(end[2]));
      if (/^(atomic(64)?_|xchg|cmpxchg)/.test(t.text)) return this.atomicCall(dst);
    }
    if (t.k === 'reg') {
      const src = this.reg(dst.w ? 'w' : 'r');
      this.expectEnd();
      const f = findForm(this.at, src.col, formFor('alu', { op: 'mov', is64: !dst.w, reg: true }), 'mov');
      return { insn: make(f, { dst: dst.n, src: src.n }) };
    }
    return this.constant(dst);
  }

  alu(dst: Extract<Token, { k: 'reg' }>, opTok: Token): Statement {
    const op = operationOf(ALU_OPERATOR, opTok.text);
    if (!op || op === 'mov') this.error(opTok, "expected '=' or an operator such as '+='");
    const isReg = this.peek().k === 'reg';
    const src = isReg ? this.reg(dst.w ? 'w' : 'r') : undefined;
    const imm = isReg ? 0 : this.imm32();
    this.expectEnd();
    const f = findForm(this.at, opTok.col, formFor('alu', { op, is64: !dst.w, reg: isReg }), `'${opTok.text}'`);
    return { insn: make(f, { dst: dst.n, src: src?.n ?? 0, imm }) };
  }

  load(dst: Extract<Token, { k: 'reg' }>): Statement {
    const ty = this.typeCast(true);
    if (this.isId('skb')) {
      // Legacy packet loads: r0 = *(u8 *)skb[12], r0 = *(u16 *)skb[r1], r0 = *(u32 *)skb[r1 + 4]
      this.next();
      this.expectP('[');
      let src: number | undefined;
      let imm = 0;
      if (this.peek().k === 'reg') {
        src = this.reg('r').n;
        if (this.isP('+')) {
          this.next();
          imm = this.imm32('a packet offset'); // may be signed: the kernel prints `skb[r1 + -4]`
        } else if (this.isP('-')) {
          imm = this.imm32('a packet offset');
        }
      } else {
        imm = this.imm32('a packet offset');
      }
      this.expectP(']');
      this.expectEnd();
      if (dst.n !== 0) fail(this.at, dst.col, 'packet loads always load into r0');
      const kind = src === undefined ? 'ldabs' : 'ldind';
      const f = findForm(this.at, ty.col, formFor(kind, { size: ty.size }), `packet load of ${ty.size * 8} bits`);
      return { insn: make(f, { src: src ?? 0, imm }) };
    }
    const mem = this.memOperand();
    this.expectEnd();
    const kind = ty.signed ? 'ldxs' : 'ldx';
    const f = findForm(this.at, ty.col, formFor(kind, { size: ty.size }), `load of type ${ty.signed ? 's' : 'u'}${ty.size * 8}`);
    return { insn: make(f, { dst: dst.n, src: mem.reg, off: mem.off }) };
  }

  byteSwap(dst: Extract<Token, { k: 'reg' }>, t: Token, op: 'be' | 'le' | 'bswap', bits: number): Statement {
    this.next();
    const r = this.reg();
    if (r.n !== dst.n) fail(this.at, r.col, `byte swaps work in place: expected ${dst.text}`);
    this.expectEnd();
    const f = findForm(this.at, t.col, formFor('end', { op, imm: bits }), t.text);
    return { insn: make(f, { dst: dst.n }) };
  }

  /**
   * `r0 = atomic_fetch_add((u64 *)(r1 + 0), r0)` (llvm) and `atomic64_fetch_add` (kernel);
   * `xchg_64(r1 + 0, r0)` / `xchg32_32` (llvm) and `atomic[64]_xchg((u64 *)(r1 +0), r0)` (kernel);
   * `cmpxchg_64(r1 + 0, r0, r2)` / `cmpxchg32_32` and `atomic[64]_cmpxchg((u64 *)(r1 +0), r0, r2)`.
   */
  atomicCall(dst: Extract<Token, { k: 'reg' }>): Statement {
    const name = this.next();
    const m = /^(?:atomic(64)?_(?:fetch_(add|or|and|xor)|(xchg|cmpxchg))|(xchg|cmpxchg)(?:_64|32_32))$/.exec(name.text);
    if (!m) this.error(name, 'expected an atomic function (atomic_fetch_add, xchg_64, cmpxchg_64, …)');
    const op = (m[2] ?? m[3] ?? m[4]) as 'add' | 'or' | 'and' | 'xor' | 'xchg' | 'cmpxchg';
    this.expectP('(');
    let size: number;
    let mem: { reg: number; off: number };
    let sizeCol = name.col;
    if (m[4]) {
      size = name.text.endsWith('_64') ? 8 : 4;
      mem = this.address();
    } else {
      const ty = this.typeCast(false);
      if (ty.signed) fail(this.at, ty.col, 'atomics take u32 or u64');
      size = ty.size;
      sizeCol = ty.col;
      mem = this.memOperand();
      if (m[1] && size !== 8) fail(this.at, ty.col, `${name.text} works on u64`);
    }
    this.expectP(',');
    const first = this.reg();
    let src = first;
    if (op === 'cmpxchg') {
      if (first.n !== 0) fail(this.at, first.col, 'cmpxchg compares with r0: expected r0');
      this.expectP(',');
      src = this.reg();
      if (dst.n !== 0) fail(this.at, dst.col, 'cmpxchg returns the old value in r0: expected r0');
    } else if (dst.n !== first.n) {
      fail(this.at, first.col, `${name.text} returns the old value in its operand register: expected ${dst.text}`);
    }
    this.expectP(')');
    this.expectEnd();
    const imm = ATOMIC_IMM[op]! | ATOMIC_FETCH_BIT;
    const f = findForm(this.at, sizeCol, formFor('atomic', { op, size, imm }), `${name.text} on ${size * 8}-bit values`);
    return { insn: make(f, { dst: mem.reg, src: src.n, off: mem.off }) };
  }

  /** `r0 = 5` (mov), `r1 = 0x1234 ll` (LD_IMM64); a value beyond 32 bits without `ll` is LD_IMM64 too. */
  constant(dst: Extract<Token, { k: 'reg' }>): Statement {
    const { v, col } = this.number('a register, a number or a memory operand');
    const wide = this.isId('ll');
    if (wide) this.next();
    this.expectEnd();
    const fits32 = v >= -(1n << 31n) && v < 1n << 32n;
    if (wide || !fits32 || this.forceWide) {
      if (dst.w) fail(this.at, dst.col, 'a 64-bit constant needs an r register');
      const f = findForm(this.at, col, formFor('lddw', { src: 0 }), 'lddw');
      return { insn: { ...make(f, { dst: dst.n }), ...imm64Fields(v, this.at, col) } };
    }
    const f = findForm(this.at, col, formFor('alu', { op: 'mov', is64: !dst.w, reg: false }), 'mov');
    return { insn: make(f, { dst: dst.n, imm: Number(BigInt.asIntN(32, v)) }) };
  }
}

const ATOMIC_IMM: Readonly<Record<string, number>> = { add: 0x00, or: 0x40, and: 0x50, xor: 0xa0, xchg: 0xe1, cmpxchg: 0xf1 };
const ATOMIC_FETCH_BIT = 0x01;

function imm64Fields(v: bigint, at: Line, col: number): { imm: number; hi: number } {
  if (v < -(1n << 63n) || v >= 1n << 64n) fail(at, col, `constant ${v} does not fit in 64 bits`);
  return splitImm64(v);
}

// --- Lines: prefixes, comments, labels -------------------------------------------------------------

/** Start of the comment on a line: `;`, `//`, or `#` at the start or after whitespace. */
function commentStart(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ';') return i;
    if (c === '/' && text[i + 1] === '/') return i;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return i;
  }
  return text.length;
}

/** Lines of an objdump listing that carry no instruction. */
const OBJDUMP_NOISE = [/^\S.*:\s+file format /, /^Disassembly of section /, /^[0-9a-f]{8,16} <[^>]*>:\s*$/];

/**
 * Skips what precedes the instruction: an objdump address and raw bytes (`  12:\t61 10 …\t`),
 * or a kernel log prefix (`12: (61) `, level 2's `  1   12: .12....... (61) `). Returns where the
 * instruction starts and the kernel's opcode byte when the line had one.
 */
function skipPrefix(text: string): { start: number; code?: number } {
  const kernel = /^\s*(?:\d+\s+)?\d+:\s+(?:[.0-9]{10}\s+)?\(([0-9a-f]{2})\)\s*/.exec(text);
  if (kernel) return { start: kernel[0].length, code: parseInt(kernel[1]!, 16) };
  const addr = /^\s*\d+:\s*/.exec(text);
  if (!addr) {
    const bare = /^\s*\(([0-9a-f]{2})\)\s+/.exec(text);
    return bare ? { start: bare[0].length, code: parseInt(bare[1]!, 16) } : { start: 0 };
  }
  const bytes = /^(?:[0-9a-f]{2} ){7}[0-9a-f]{2}(?: (?:[0-9a-f]{2} ){7}[0-9a-f]{2})?\s+/.exec(text.slice(addr[0].length));
  return { start: addr[0].length + (bytes ? bytes[0].length : 0) };
}

/** Assembles C-like eBPF assembly. Errors are `AsmError`s naming file:line:column. */
export function assembleLlvm(source: string, file = '<input>'): Insn[] {
  const statements: (Statement & { at: Line; pc: number })[] = [];
  const labels = new Map<string, number>();
  let pc = 0;
  source.split('\n').forEach((raw, index) => {
    const at: Line = { file, line: index + 1 };
    const text = raw.replace(/\r$/, '');
    if (OBJDUMP_NOISE.some((re) => re.test(text))) return;
    if (/^\s*\.\.\.\s*$/.test(text)) fail(at, text.indexOf('.') + 1, 'objdump elided zero bytes here (`...`); they cannot be reassembled');
    const end = commentStart(text);
    const prefix = skipPrefix(text.slice(0, end));
    let start = prefix.start;
    // Labels: `name:` (several may precede an instruction on the same line).
    for (;;) {
      const m = /^\s*([A-Za-z_.$][\w.$]*)\s*:/.exec(text.slice(start, end));
      if (!m) break;
      const name = m[1]!;
      if (labels.has(name)) fail(at, start + m[0].indexOf(name) + 1, `label '${name}' is defined twice`);
      labels.set(name, pc);
      start += m[0].length;
    }
    if (text.slice(start, end).trim() === '') {
      if (prefix.code !== undefined) fail(at, start + 1, 'expected an instruction after the opcode');
      return;
    }
    const parser = new Parser(tokenize(text, start, end, at), at);
    parser.forceWide = prefix.code === 0x18;
    const st = parser.statement();
    if (prefix.code !== undefined && prefix.code !== st.insn.code) {
      fail(at, start + 1, `the instruction assembles to opcode (${st.insn.code.toString(16).padStart(2, '0')}), not the (${prefix.code.toString(16).padStart(2, '0')}) the line gives`);
    }
    statements.push({ ...st, at, pc });
    pc += st.insn.hi === undefined ? 1 : 2;
  });
  return statements.map(({ insn, fixup, at, pc: here }) => {
    if (!fixup) return insn;
    const target = labels.get(fixup.label);
    if (target === undefined) {
      if (fixup.helperFallback !== undefined) {
        const helper = FORMS.find((f) => f.kind === 'call' && f.op === 'helper')!;
        return make(helper, { imm: fixup.helperFallback });
      }
      fail(at, fixup.col, `unknown label '${fixup.label}'`);
    }
    const delta = target - here - 1;
    if (fixup.field === 'off' && (delta < -32768 || delta > 32767)) fail(at, fixup.col, `label '${fixup.label}' is ${delta} instructions away, beyond a 16-bit jump offset`);
    return { ...insn, [fixup.field]: delta };
  });
}
