/**
 * The kernel's `bpf_asm` language (tools/bpf/bpf_exp.l, bpf_exp.y) and its two output formats.
 *
 * The lexer reproduces flex's rule: at each position the longest match wins and, on a tie, the
 * rule listed first — which is why `#len` alone on a line is a length operand but `#len ` (with a
 * trailing blank) is a comment, and why labels need two characters. The grammar is not line-based.
 * Where bpf_asm is silent or wrong (unknown label, out-of-range jt/jf, more than 4096
 * instructions, unsupported `ldxb` multiplier) we raise an AsmError with line and column instead.
 * One deliberate leniency: a carriage return counts as white space (bpf_asm rejects CRLF files).
 */
import { AsmError } from '../errors.js';
import {
  BPF_MAXINSNS, CAluOp, CClass, CJmpOp, CMiscOp, CMode, CSize, CSrc, SKF_AD, SKF_AD_OFF,
  type SockFilter,
} from '../isa/classic.js';

// --- Lexer ----------------------------------------------------------------------------------------

const KEYWORDS = [
  'ldb', 'ldh', 'ld', 'ldi', 'ldx', 'ldxi', 'ldxb', 'st', 'stx', 'jmp', 'ja', 'jeq', 'jneq', 'jne', 'jlt',
  'jle', 'jgt', 'jge', 'jset', 'add', 'sub', 'mul', 'div', 'mod', 'neg', 'and', 'xor', 'or', 'lsh', 'rsh',
  'ret', 'tax', 'txa',
] as const;
type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

/** bpf_asm's extension names and their SKF_AD_* offsets (no name exists for ALU_XOR_X). */
const EXTENSIONS: Readonly<Record<string, number>> = {
  proto: SKF_AD.proto, type: SKF_AD.type, poff: SKF_AD.poff, ifidx: SKF_AD.ifidx, nla: SKF_AD.nla,
  nlan: SKF_AD.nlan, mark: SKF_AD.mark, queue: SKF_AD.queue, hatype: SKF_AD.hatype, rxhash: SKF_AD.rxhash,
  cpu: SKF_AD.cpu, vlan_tci: SKF_AD.vlan_tci, vlan_pr: SKF_AD.vlan_avail, vlan_avail: SKF_AD.vlan_avail,
  vlan_tpid: SKF_AD.vlan_tpid, rand: SKF_AD.rand,
};
/** `len` and the extensions, longest first so a prefix never shadows a longer name. */
const HASH_NAMES = ['len', ...Object.keys(EXTENSIONS)].sort((a, b) => b.length - a.length);

type Token =
  | { t: 'op'; v: Keyword; pos: number }
  | { t: 'len'; pos: number }
  | { t: 'ext'; v: number; pos: number }
  | { t: 'num'; v: number; pos: number; text: string }
  | { t: 'label'; v: string; pos: number }
  | { t: 'punct'; v: string; pos: number } // one of : , # % [ ] ( ) x a + M * &
  | { t: 'eof'; pos: number };

const U32 = 0xffffffffn;
const ULONG_MAX = (1n << 64n) - 1n;
const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** strtol/strtoul as bpf_asm calls them (saturating at the 64-bit limits), stored in a uint32_t. */
function numberValue(text: string): number {
  const lower = text.toLowerCase();
  let v: bigint;
  if (lower.startsWith('0x')) {
    v = BigInt(lower);
    if (v > ULONG_MAX) v = ULONG_MAX;
  } else {
    if (lower.startsWith('0b')) v = BigInt(lower);
    else if (lower.length > 1 && lower.startsWith('0')) v = BigInt('0o' + lower.slice(1));
    else v = BigInt(lower.replace(/^\+/, ''));
    if (v > LONG_MAX) v = LONG_MAX;
    if (v < LONG_MIN) v = LONG_MIN;
  }
  return Number(BigInt.asUintN(32, v) & U32);
}

const NUMBER_RULES = [/0x[0-9a-f]+/iy, /0b[01]+/iy, /[-+]?[1-9][0-9]*|0/y, /0[0-7]+/y];
const WORD = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const BLOCK_COMMENT = /\/\*(?:[^*]|\*[^/])*\*\//y;
const PUNCT = new Set([':', ',', '#', '%', '[', ']', '(', ')', '+', '*', '&']);

function matchAt(re: RegExp, src: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(src);
  return m ? m[0].length : 0;
}

class Source {
  readonly text: string;
  readonly file: string;
  private readonly lineStarts: number[] = [0];
  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }
  error(detail: string, pos: number): AsmError {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return new AsmError(detail, this.file, lo + 1, pos - this.lineStarts[lo]! + 1);
  }
}

function tokenize(src: Source): Token[] {
  const s = src.text;
  const tokens: Token[] = [];
  let p = 0;
  while (p < s.length) {
    const c = s[p]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      p++;
      continue;
    }
    const atLineStart = p === 0 || s[p - 1] === '\n';
    if (c === '#') {
      // `#name` (longest known name), the `#` token, or — at the start of a line — a comment to the
      // end of the line, whichever is longer; on a tie the earlier flex rule (the token) wins.
      let tokenLen = 1;
      let token: Token = { t: 'punct', v: '#', pos: p };
      const rest = s.slice(p + 1, p + 12).toLowerCase();
      const name = HASH_NAMES.find((n) => rest.startsWith(n));
      if (name !== undefined) {
        tokenLen = 1 + name.length;
        token = name === 'len' ? { t: 'len', pos: p } : { t: 'ext', v: EXTENSIONS[name]!, pos: p };
      }
      if (atLineStart) {
        let end = s.indexOf('\n', p);
        if (end < 0) end = s.length;
        if (end - p > tokenLen) {
          p = end;
          continue;
        }
      }
      tokens.push(token);
      p += tokenLen;
      continue;
    }
    if (c === ';') {
      const end = s.indexOf('\n', p);
      p = end < 0 ? s.length : end;
      continue;
    }
    if (c === '/') {
      const n = matchAt(BLOCK_COMMENT, s, p);
      if (n === 0) throw src.error(`unknown character '/'`, p);
      p += n;
      continue;
    }
    if (PUNCT.has(c) && !(c === '+' && /[1-9]/.test(s[p + 1] ?? ''))) {
      tokens.push({ t: 'punct', v: c, pos: p });
      p++;
      continue;
    }
    if (/[0-9+-]/.test(c)) {
      let best = 0;
      for (const re of NUMBER_RULES) best = Math.max(best, matchAt(re, s, p));
      if (best === 0) throw src.error(`unknown character '${c}'`, p);
      const text = s.slice(p, p + best);
      tokens.push({ t: 'num', v: numberValue(text), pos: p, text });
      p += best;
      continue;
    }
    const wordLen = matchAt(WORD, s, p);
    if (wordLen > 0) {
      const word = s.slice(p, p + wordLen);
      const lower = word.toLowerCase();
      if (KEYWORD_SET.has(lower)) tokens.push({ t: 'op', v: lower as Keyword, pos: p });
      else if (lower === 'len') tokens.push({ t: 'len', pos: p });
      else if (lower in EXTENSIONS) tokens.push({ t: 'ext', v: EXTENSIONS[lower]!, pos: p });
      else if (wordLen >= 2) tokens.push({ t: 'label', v: word, pos: p });
      else if (lower === 'x' || lower === 'a') tokens.push({ t: 'punct', v: lower, pos: p });
      else if (lower === 'm') tokens.push({ t: 'punct', v: 'M', pos: p });
      else throw src.error(`unknown character '${c}'`, p);
      p += wordLen;
      continue;
    }
    throw src.error(`unknown character '${c}'`, p);
  }
  tokens.push({ t: 'eof', pos: s.length });
  return tokens;
}

// --- Parser ---------------------------------------------------------------------------------------

interface Pending {
  insn: SockFilter;
  /** Label references resolved in pass 2, with where they were written. */
  jt?: { name: string; pos: number };
  jf?: { name: string; pos: number };
  ja?: { name: string; pos: number };
  pos: number;
}

function describe(tok: Token): string {
  switch (tok.t) {
    case 'eof': return 'end of input';
    case 'num': return `number '${tok.text}'`;
    case 'label': return `'${tok.v}'`;
    case 'op': return `'${tok.v}'`;
    case 'len': return `'len'`;
    case 'ext': return 'an extension';
    case 'punct': return `'${tok.v}'`;
  }
}

const ALU_OPS: Partial<Record<Keyword, number>> = {
  add: CAluOp.ADD, sub: CAluOp.SUB, mul: CAluOp.MUL, div: CAluOp.DIV, mod: CAluOp.MOD, and: CAluOp.AND,
  or: CAluOp.OR, xor: CAluOp.XOR, lsh: CAluOp.LSH, rsh: CAluOp.RSH,
};
/** Conditional jumps: opcode bits and whether the single label is the false target. */
const JUMPS: Partial<Record<Keyword, { op: number; inverted: boolean }>> = {
  jeq: { op: CJmpOp.JEQ, inverted: false }, jgt: { op: CJmpOp.JGT, inverted: false },
  jge: { op: CJmpOp.JGE, inverted: false }, jset: { op: CJmpOp.JSET, inverted: false },
  jneq: { op: CJmpOp.JEQ, inverted: true }, jne: { op: CJmpOp.JEQ, inverted: true },
  jlt: { op: CJmpOp.JGE, inverted: true }, jle: { op: CJmpOp.JGT, inverted: true },
};
const LOAD_SIZE: Partial<Record<Keyword, number>> = { ldb: CSize.B, ldh: CSize.H, ld: CSize.W };

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  private readonly src: Source;
  constructor(tokens: Token[], src: Source) {
    this.tokens = tokens;
    this.src = src;
  }
  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private fail(expected: string, tok = this.peek()): never {
    throw this.src.error(`syntax error: expected ${expected}, found ${describe(tok)}`, tok.pos);
  }
  private isPunct(v: string): boolean {
    const t = this.peek();
    return t.t === 'punct' && t.v === v;
  }
  private punct(v: string): void {
    if (!this.isPunct(v)) this.fail(`'${v}'`);
    this.i++;
  }
  private number(): number {
    const t = this.next();
    if (t.t !== 'num') this.fail('a number', t);
    return t.v;
  }
  private label(): { name: string; pos: number } {
    const t = this.next();
    if (t.t !== 'label') this.fail('a label (two or more characters)', t);
    return { name: t.v, pos: t.pos };
  }
  /** `x` or `%x`. */
  private tryX(): boolean {
    if (this.isPunct('x')) {
      this.i++;
      return true;
    }
    if (this.isPunct('%')) {
      this.i++;
      this.punct('x');
      return true;
    }
    return false;
  }
  /** `[x + k]`, `[%x + k]` or `[k]` after `[` has been seen; returns mode and k. */
  private bracket(): { mode: number; k: number } {
    this.punct('[');
    if (this.tryX()) {
      this.punct('+');
      const k = this.number();
      this.punct(']');
      return { mode: CMode.IND, k };
    }
    const k = this.number();
    this.punct(']');
    return { mode: CMode.ABS, k };
  }
  private mem(): number {
    this.punct('M');
    this.punct('[');
    const k = this.number();
    this.punct(']');
    return k;
  }
  /** `4*([k]&0xf)` after the mnemonic; bpf_asm accepts only the literals 4 and 0xf. */
  private msh(opPos: number): number {
    const mul = this.number();
    this.punct('*');
    this.punct('(');
    this.punct('[');
    const k = this.number();
    this.punct(']');
    this.punct('&');
    const mask = this.number();
    this.punct(')');
    if (mul !== 4 || mask !== 0xf) throw this.src.error('ldxb offset not supported: only 4*([k]&0xf)', opPos);
    return k;
  }

  parse(): Pending[] {
    const out: Pending[] = [];
    const labels = new Map<string, number>();
    do {
      let t = this.peek();
      if (t.t === 'label') {
        this.i++;
        this.punct(':');
        // Duplicate labels: bpf_asm's linear lookup finds the first definition.
        if (!labels.has(t.v)) labels.set(t.v, out.length);
        t = this.peek();
      }
      if (t.t !== 'op') this.fail('an instruction', t);
      this.i++;
      out.push(this.instruction(t.v, t.pos));
      if (out.length > BPF_MAXINSNS) throw this.src.error(`more than ${BPF_MAXINSNS} instructions`, t.pos);
    } while (this.peek().t !== 'eof');
    this.resolve(out, labels);
    return out;
  }

  private instruction(op: Keyword, pos: number): Pending {
    const make = (code: number, k = 0): Pending => ({ insn: { code, jt: 0, jf: 0, k: k >>> 0 }, pos });
    const t = this.peek();
    switch (op) {
      case 'ldb': case 'ldh': case 'ld': {
        const size = LOAD_SIZE[op]!;
        if (t.t === 'ext') {
          this.i++;
          return make(CClass.LD | size | CMode.ABS, SKF_AD_OFF + t.v);
        }
        if (op === 'ld') {
          if (t.t === 'len') {
            this.i++;
            return make(CClass.LD | CSize.W | CMode.LEN);
          }
          if (this.isPunct('#')) {
            this.i++;
            return make(CClass.LD | CMode.IMM, this.number());
          }
          if (this.isPunct('M')) return make(CClass.LD | CMode.MEM, this.mem());
        }
        if (!this.isPunct('[')) this.fail(op === 'ld' ? "'[', '#', 'M', 'len' or an extension" : "'[' or an extension");
        const { mode, k } = this.bracket();
        return make(CClass.LD | size | mode, k);
      }
      case 'ldi': case 'ldxi': {
        if (this.isPunct('#')) this.i++;
        return make((op === 'ldi' ? CClass.LD : CClass.LDX) | CMode.IMM, this.number());
      }
      case 'ldx': {
        if (this.isPunct('#')) {
          this.i++;
          return make(CClass.LDX | CMode.IMM, this.number());
        }
        if (t.t === 'len') {
          this.i++;
          return make(CClass.LDX | CSize.W | CMode.LEN);
        }
        if (this.isPunct('M')) return make(CClass.LDX | CMode.MEM, this.mem());
        if (t.t === 'num') return make(CClass.LDX | CSize.B | CMode.MSH, this.msh(pos));
        return this.fail("'#', 'len', 'M' or 4*([k]&0xf)");
      }
      case 'ldxb':
        return make(CClass.LDX | CSize.B | CMode.MSH, this.msh(pos));
      case 'st': case 'stx':
        return make(op === 'st' ? CClass.ST : CClass.STX, this.mem());
      case 'jmp': case 'ja': {
        const p = make(CClass.JMP | CJmpOp.JA);
        p.ja = this.label();
        return p;
      }
      case 'neg':
        return make(CClass.ALU | CAluOp.NEG);
      case 'tax':
        return make(CClass.MISC | CMiscOp.TAX);
      case 'txa':
        return make(CClass.MISC | CMiscOp.TXA);
      case 'ret': {
        if (this.isPunct('#')) {
          this.i++;
          return make(CClass.RET | CSrc.K, this.number());
        }
        const percent = this.isPunct('%');
        if (percent) this.i++;
        if (this.isPunct('a')) {
          this.i++;
          return make(CClass.RET | CSrc.A);
        }
        if (this.isPunct('x')) {
          this.i++;
          return make(CClass.RET | CSrc.X);
        }
        return this.fail(percent ? "'a' or 'x'" : "'#', 'a' or 'x'");
      }
      default: break;
    }
    const alu = ALU_OPS[op];
    if (alu !== undefined) {
      if (this.tryX()) return make(CClass.ALU | alu | CSrc.X);
      this.punct('#');
      return make(CClass.ALU | alu | CSrc.K, this.number());
    }
    const jump = JUMPS[op]!;
    let p: Pending;
    if (this.tryX()) p = make(CClass.JMP | jump.op | CSrc.X);
    else {
      if (!this.isPunct('#')) this.fail("'#', 'x' or '%x'");
      this.i++;
      p = make(CClass.JMP | jump.op | CSrc.K, this.number());
    }
    this.punct(',');
    const first = this.label();
    if (jump.inverted) p.jf = first;
    else {
      p.jt = first;
      if (this.isPunct(',')) {
        this.i++;
        p.jf = this.label();
      }
    }
    return p;
  }

  private resolve(out: Pending[], labels: Map<string, number>): void {
    const target = (ref: { name: string; pos: number }): number => {
      const at = labels.get(ref.name);
      if (at === undefined) throw this.src.error(`no such label '${ref.name}'`, ref.pos);
      return at;
    };
    out.forEach((p, i) => {
      if (p.ja) p.insn.k = (target(p.ja) - i - 1) >>> 0; // backward targets wrap, as in bpf_asm
      for (const which of ['jt', 'jf'] as const) {
        const ref = p[which];
        if (!ref) continue;
        const to = target(ref);
        const delta = to - i - 1;
        if (delta < 0 || delta > 255) {
          throw this.src.error(`insn #${i} jumps to insn #${to}, which is out of range (${which} must be 0..255 forward)`, ref.pos);
        }
        p.insn[which] = delta;
      }
    });
  }
}

/** Assembles bpf_asm source. Throws AsmError (file:line:column) on any error. */
export function assembleBpfAsm(text: string, file = '<input>'): SockFilter[] {
  const src = new Source(text, file);
  return new Parser(tokenize(src), src).parse().map((p) => p.insn);
}

// --- Output formats -------------------------------------------------------------------------------

/** bpf_asm's default output: `N,code jt jf k,...,` and a newline (= `tcpdump -ddd | tr '\n' ','`). */
export function formatBpfAsm(prog: readonly SockFilter[]): string {
  return `${prog.length},${prog.map((i) => `${i.code} ${i.jt} ${i.jf} ${i.k >>> 0},`).join('')}\n`;
}

/** glibc `%#0<width>x`: the `0x` prefix counts towards the width, and zero gets no prefix. */
export function cAltHex(v: number, width: number): string {
  return v === 0 ? '0'.repeat(width) : '0x' + v.toString(16).padStart(width - 2, '0');
}

/** One `bpf_asm -c` / bpf_dbg `dump` line: `{ %#04x, %2u, %2u, %#010x },`. */
export function formatBpfAsmCLine(i: SockFilter): string {
  return `{ ${cAltHex(i.code, 4)}, ${String(i.jt).padStart(2)}, ${String(i.jf).padStart(2)}, ${cAltHex(i.k >>> 0, 10)} },`;
}

/** `bpf_asm -c` output: one C initializer per line. */
export function formatBpfAsmC(prog: readonly SockFilter[]): string {
  return prog.map((i) => formatBpfAsmCLine(i) + '\n').join('');
}
