/**
 * The bpf_conformance / uBPF assembly syntax (`mov32 %r0, 1`, `ldxw %r0, [%r1+2]`,
 * `jeq %r1, 0x80000000, +1`, `lock fetch add32 [%r10-4], %r3`), assembled and printed from the
 * shared opcode table. The grammar is in docs/asm-syntax.md; the rules follow the reference
 * assembler as described in the conformance corpus README §8.
 */
import { AsmError } from '../errors.js';
import { type Insn, splitImm64 } from '../isa/insn.js';
import { type Form, FORMS, formOf } from '../isa/table.js';

interface Statement {
  line: number;
  column: number;
  tokens: Token[];
}

interface Token {
  text: string;
  column: number;
}

/** Mnemonics with the forms they may assemble to (imm and reg variants share a name). */
const BY_NAME: ReadonlyMap<string, readonly Form[]> = (() => {
  const m = new Map<string, Form[]>();
  for (const f of FORMS) {
    // lddw forms differ only by src; the assembler produces src=0.
    if (f.kind === 'lddw' && f.select.src !== 0) continue;
    if (f.kind === 'call') continue; // call has its own operand grammar
    const list = m.get(f.name) ?? [];
    list.push(f);
    m.set(f.name, list);
  }
  return m;
})();

const ALIASES: Readonly<Record<string, string>> = { swap16: 'bswap16', swap32: 'bswap32', swap64: 'bswap64' };

/** Splits source into statements: `#` starts a comment; one trailing comma is dropped per token. */
function lex(source: string): { statements: Statement[]; labels: { name: string; line: number; column: number; before: number }[] } {
  const statements: Statement[] = [];
  const labels: { name: string; line: number; column: number; before: number }[] = [];
  source.split('\n').forEach((raw, index) => {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const hash = text.indexOf('#');
    if (hash >= 0) text = text.slice(0, hash);
    const tokens: Token[] = [];
    const re = /\S+/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const t = m[0].endsWith(',') ? m[0].slice(0, -1) : m[0];
      if (t) tokens.push({ text: t, column: m.index + 1 });
    }
    if (tokens.length === 0) return;
    const first = tokens[0]!;
    if (first.text.endsWith(':')) {
      labels.push({ name: first.text.slice(0, -1), line: index + 1, column: first.column, before: statements.length });
      tokens.shift();
      if (tokens.length === 0) return;
    }
    statements.push({ line: index + 1, column: tokens[0]!.column, tokens });
  });
  return { statements, labels };
}

/** Assembles conformance-syntax source to instructions. Throws AsmError at the offending token. */
export function assembleConformance(source: string, file = '<input>'): Insn[] {
  const { statements, labels } = lex(source);
  const fail = (msg: string, line: number, column: number): never => { throw new AsmError(msg, file, line, column); };

  // Pass 1: slot of each statement, label table, and the implicit `exit` label.
  const slotOf: number[] = [];
  let slot = 0;
  for (const s of statements) {
    slotOf.push(slot);
    slot += s.tokens[0]!.text.toLowerCase() === 'lddw' ? 2 : 1;
  }
  slotOf.push(slot);
  const labelSlots = new Map<string, number>();
  for (const l of labels) {
    if (labelSlots.has(l.name)) fail(`duplicate label: ${l.name}`, l.line, l.column);
    labelSlots.set(l.name, slotOf[l.before]!);
  }
  if (!labelSlots.has('exit')) {
    const k = statements.findIndex((s) => s.tokens[0]!.text.toLowerCase() === 'exit');
    if (k >= 0) labelSlots.set('exit', slotOf[k]!);
  }

  // Pass 2: encode.
  return statements.map((s, k) => encodeStatement(s, slotOf[k]!, labelSlots, (msg, t) => fail(msg, s.line, t?.column ?? s.column)));
}

type Fail = (message: string, at?: Token) => never;

function encodeStatement(s: Statement, pc: number, labels: ReadonlyMap<string, number>, fail: Fail): Insn {
  const [head, ...ops] = s.tokens;
  let mnemonic = head!.text.toLowerCase();
  if (mnemonic === 'lock') return encodeAtomic(ops, fail, head!);
  if (mnemonic === 'call') return encodeCall(ops, pc, labels, fail, head!);
  mnemonic = ALIASES[mnemonic] ?? mnemonic;
  const forms = BY_NAME.get(mnemonic);
  if (!forms) return fail(`Invalid mnemonic: ${head!.text}`, head);
  const f0 = forms[0]!;
  const want = operandCount(f0);
  if (ops.length !== want) return fail(`Invalid number of operands for mnemonic: ${head!.text} (expected ${want})`, ops[want] ?? head);

  const ins: Insn = { code: f0.code, dst: 0, src: 0, off: 0, imm: 0 };
  const sel = f0.select;
  if (sel.off !== undefined) ins.off = sel.off;
  if (sel.imm !== undefined) ins.imm = sel.imm;
  switch (f0.kind) {
    case 'alu': {
      ins.dst = register(ops[0]!, fail);
      const regForm = forms.find((f) => f.reg);
      const immForm = forms.find((f) => !f.reg);
      if (isRegister(ops[1]!.text)) {
        if (!regForm) return fail(`${mnemonic} takes an immediate`, ops[1]);
        ins.code = regForm.code;
        ins.src = register(ops[1]!, fail);
      } else {
        if (!immForm) return fail(`${mnemonic} takes a register`, ops[1]);
        ins.code = immForm.code;
        ins.imm = imm32(ops[1]!, fail);
      }
      return ins;
    }
    case 'neg': case 'end':
      ins.dst = register(ops[0]!, fail);
      return ins;
    case 'movsx':
      ins.dst = register(ops[0]!, fail);
      ins.src = register(ops[1]!, fail);
      return ins;
    case 'lddw': {
      ins.dst = register(ops[0]!, fail);
      const { imm, hi } = splitImm64(imm64(ops[1]!, fail));
      ins.imm = imm;
      ins.hi = hi;
      return ins;
    }
    case 'ldx': case 'ldxs': {
      ins.dst = register(ops[0]!, fail);
      [ins.src, ins.off] = memory(ops[1]!, fail);
      return ins;
    }
    case 'st':
      [ins.dst, ins.off] = memory(ops[0]!, fail);
      ins.imm = imm32(ops[1]!, fail);
      return ins;
    case 'stx':
      [ins.dst, ins.off] = memory(ops[0]!, fail);
      ins.src = register(ops[1]!, fail);
      return ins;
    case 'ldabs':
      ins.imm = imm32(ops[0]!, fail);
      return ins;
    case 'ldind':
      ins.src = register(ops[0]!, fail);
      ins.imm = imm32(ops[1]!, fail);
      return ins;
    case 'ja':
      ins.off = offset16(jumpTarget(ops[0]!, pc, labels, fail), ops[0]!, fail);
      return ins;
    case 'ja32':
      ins.imm = jumpTarget(ops[0]!, pc, labels, fail);
      return ins;
    case 'jcc': {
      ins.dst = register(ops[0]!, fail);
      const regForm = forms.find((f) => f.reg)!;
      const immForm = forms.find((f) => !f.reg)!;
      if (isRegister(ops[1]!.text)) {
        ins.code = regForm.code;
        ins.src = register(ops[1]!, fail);
      } else {
        ins.code = immForm.code;
        ins.imm = imm32(ops[1]!, fail);
      }
      ins.off = offset16(jumpTarget(ops[2]!, pc, labels, fail), ops[2]!, fail);
      return ins;
    }
    case 'exit':
      return ins;
    default:
      return fail(`Invalid mnemonic: ${head!.text}`, head);
  }
}

function operandCount(f: Form): number {
  switch (f.kind) {
    case 'neg': case 'end': case 'ja': case 'ja32': case 'ldabs': return 1;
    case 'exit': return 0;
    case 'jcc': return 3;
    default: return 2;
  }
}

function encodeAtomic(ops: Token[], fail: Fail, head: Token): Insn {
  if (ops.length === 0) return fail('Invalid number of operands for lock', head);
  const fetch = ops[0]!.text.toLowerCase() === 'fetch';
  const rest = fetch ? ops.slice(1) : ops;
  if (rest.length === 0) return fail('Invalid number of operands for mnemonic: lock', head);
  const opTok = rest[0]!;
  const op = opTok.text.toLowerCase();
  const implied = op.startsWith('xchg') || op.startsWith('cmpxchg');
  const name = `lock ${fetch && !implied ? 'fetch ' : ''}${op}`;
  const form = FORMS.find((f) => f.kind === 'atomic' && f.name === name);
  if (!form) return fail(`Invalid mnemonic: ${ops.map((t) => t.text).join(' ')}`, opTok);
  if (rest.length !== 3) return fail(`Invalid number of operands for mnemonic: ${op}`, opTok);
  const [dst, off] = memory(rest[1]!, fail);
  return { code: form.code, dst, src: register(rest[2]!, fail), off, imm: form.select.imm! };
}

function encodeCall(ops: Token[], pc: number, labels: ReadonlyMap<string, number>, fail: Fail, head: Token): Insn {
  const code = FORMS.find((f) => f.kind === 'call')!.code;
  const first = ops[0];
  if (!first) return fail('Invalid number of operands for mnemonic: call', head);
  const kind = first.text.toLowerCase();
  if (kind === 'local') {
    if (ops.length !== 2) return fail('Invalid number of operands for mnemonic: call local', head);
    return { code, dst: 0, src: 1, off: 0, imm: jumpTarget(ops[1]!, pc, labels, fail) };
  }
  const operands = kind === 'helper' || kind === 'runtime' ? ops.slice(1) : ops;
  if (operands.length !== 1) return fail('Invalid number of operands for mnemonic: call', head);
  const target = operands[0]!;
  if (isRegister(target.text)) {
    const callx = FORMS.find((f) => f.kind === 'callx')!;
    return { code: callx.code, dst: register(target, fail), src: 0, off: 0, imm: 0 };
  }
  return { code, dst: 0, src: kind === 'runtime' ? 2 : 0, off: 0, imm: imm32(target, fail) };
}

function isRegister(text: string): boolean {
  return /^%?r\d+$/i.test(text);
}

function register(t: Token, fail: Fail): number {
  const m = /^%?r(\d+)$/i.exec(t.text);
  if (!m) return fail(`Invalid register: ${t.text}`, t);
  const n = Number(m[1]);
  if (n > 15) return fail(`Invalid register: ${t.text}`, t);
  return n;
}

function parseInteger(text: string): bigint | undefined {
  const neg = text.startsWith('-');
  const body = neg || text.startsWith('+') ? text.slice(1) : text;
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(body)) return undefined;
  const v = BigInt(body);
  return neg ? -v : v;
}

function imm32(t: Token, fail: Fail): number {
  const v = parseInteger(t.text);
  if (v === undefined) return fail(`Invalid immediate: ${t.text}`, t);
  const hex = /0x/i.test(t.text);
  if (hex ? v < 0n || v > 0xffffffffn : v < -0x80000000n || v > 0x7fffffffn) {
    return fail(`Immediate out of 32-bit range: ${t.text}`, t);
  }
  return Number(BigInt.asIntN(32, v));
}

function imm64(t: Token, fail: Fail): bigint {
  const v = parseInteger(t.text);
  if (v === undefined || v < -(1n << 63n) || v >= 1n << 64n) return fail(`Invalid 64-bit immediate: ${t.text}`, t);
  return v;
}

/** `[%rN]`, `[%rN+K]`, `[%rN-K]` → [register, offset]. */
function memory(t: Token, fail: Fail): [number, number] {
  const m = /^\[(%?r\d+)(?:([+-])(0x[0-9a-f]+|\d+))?\]$/i.exec(t.text);
  if (!m) return fail(`Failed to decode register and offset: ${t.text}`, t);
  const reg = register({ text: m[1]!, column: t.column + 1 }, fail);
  let off = m[3] === undefined ? 0 : Number(BigInt(m[3]));
  if (m[2] === '-') off = -off;
  if (off < -0x8000 || off > 0x7fff) return fail(`Offset out of 16-bit range: ${m[2]}${m[3]}]`, t);
  return [reg, off];
}

/** A jump operand: `+N`/`-N` (slots after the next instruction) or a label; returns the offset. */
function jumpTarget(t: Token, pc: number, labels: ReadonlyMap<string, number>, fail: Fail): number {
  if (/^[+-]/.test(t.text)) {
    const v = parseInteger(t.text);
    if (v === undefined || v < -0x80000000n || v > 0x7fffffffn) return fail(`Invalid jump offset: ${t.text}`, t);
    return Number(v);
  }
  const target = labels.get(t.text);
  if (target === undefined) return fail(`Invalid label: ${t.text}`, t);
  return target - (pc + 1);
}

function offset16(off: number, t: Token, fail: Fail): number {
  if (off < -0x8000 || off > 0x7fff) return fail(`Jump offset out of 16-bit range: ${off}`, t);
  return off;
}

// --- Printing -------------------------------------------------------------------------------------

function signed(n: number): string {
  return n < 0 ? `-${-n}` : `+${n}`;
}

function mem(reg: number, off: number): string {
  return off === 0 ? `[%r${reg}]` : `[%r${reg}${signed(off)}]`;
}

function hex64(i: Insn): string {
  const v = (BigInt(i.hi ?? 0) << 32n) | BigInt(i.imm >>> 0);
  return `0x${BigInt.asUintN(64, v).toString(16)}`;
}

/** Prints one instruction in conformance syntax, or undefined if it has no valid form. */
export function formatConformance(i: Insn): string | undefined {
  const f = formOf(i);
  if (!f) return undefined;
  switch (f.kind) {
    case 'alu': return `${f.name} %r${i.dst}, ${f.reg ? `%r${i.src}` : i.imm}`;
    case 'neg': case 'end': return `${f.name} %r${i.dst}`;
    case 'movsx': return `${f.name} %r${i.dst}, %r${i.src}`;
    case 'lddw': return f.select.src === 0 ? `lddw %r${i.dst}, ${hex64(i)}` : undefined;
    case 'ldx': case 'ldxs': return `${f.name} %r${i.dst}, ${mem(i.src, i.off)}`;
    case 'st': return `${f.name} ${mem(i.dst, i.off)}, ${i.imm}`;
    case 'stx': return `${f.name} ${mem(i.dst, i.off)}, %r${i.src}`;
    case 'atomic': return `${f.name} ${mem(i.dst, i.off)}, %r${i.src}`;
    case 'ldabs': return `${f.name} ${i.imm}`;
    case 'ldind': return `${f.name} %r${i.src}, ${i.imm}`;
    case 'ja': return `ja ${signed(i.off)}`;
    case 'ja32': return `ja32 ${signed(i.imm)}`;
    case 'jcc': return `${f.name} %r${i.dst}, ${f.reg ? `%r${i.src}` : i.imm}, ${signed(i.off)}`;
    case 'call':
      if (f.op === 'local') return `call local ${signed(i.imm)}`;
      return f.op === 'kfunc' ? `call runtime ${i.imm}` : `call ${i.imm}`;
    case 'callx': return `call %r${i.dst}`;
    case 'exit': return 'exit';
  }
}

/**
 * Prints a program in conformance syntax, one line per instruction. Instructions with no
 * conformance spelling (unknown opcodes, lddw with src ≠ 0) become a comment with their fields,
 * which the assembler rejects rather than silently mis-assembles.
 */
export function disassembleConformance(insns: readonly Insn[]): string[] {
  return insns.map((i) => formatConformance(i)
    ?? `.invalid # code=0x${i.code.toString(16).padStart(2, '0')} dst=${i.dst} src=${i.src} off=${i.off} imm=${i.imm}${i.hi === undefined ? '' : ` hi=${i.hi}`}`);
}

