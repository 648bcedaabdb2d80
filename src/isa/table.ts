/**
 * The one opcode table. Every valid eBPF instruction form appears here exactly once with what it
 * is (kind, operation, width, operand source), which fields it uses, which field values select it
 * among forms sharing an opcode byte (sdiv is div with off = 1, le16 is END with imm = 16, …),
 * its conformance group and the lowest CPU version that has it. The decoder, validator, both
 * assemblers, both disassemblers, the interpreter, the verifier and the JIT all read this table.
 */
import {
  AluOp, type AluOpName, ATOMIC_FETCH, AtomicOp, type AtomicOpName, CallSrc, Class,
  CONDITIONAL_JUMPS, type CondOp, JmpOp, Mode, Size, Source,
} from './opcodes.js';

export type Kind =
  | 'alu' // dst = dst op src|imm
  | 'neg'
  | 'movsx' // sign-extending register move
  | 'end' // le/be/bswap
  | 'lddw' // LD_IMM64 (two slots)
  | 'ldx' // dst = *(size *)(src + off)
  | 'ldxs' // sign-extending load
  | 'st' // *(size *)(dst + off) = imm
  | 'stx' // *(size *)(dst + off) = src
  | 'atomic'
  | 'ldabs' // legacy packet load, r0 = pkt[imm]
  | 'ldind' // legacy packet load, r0 = pkt[src + imm]
  | 'ja' // goto +off
  | 'ja32' // gotol +imm
  | 'jcc' // conditional jump
  | 'call' // helper, local or kfunc call (selected by src)
  | 'callx' // call helper whose id is in register dst
  | 'exit';

export type Group = 'base32' | 'base64' | 'atomic32' | 'atomic64' | 'divmul32' | 'divmul64' | 'packet' | 'callx';

/** Instruction fields; `hi` is the second slot of LD_IMM64. */
export type Field = 'dst' | 'src' | 'off' | 'imm';

/** Semantic operation of a form; the name space depends on `kind`. */
export type Operation =
  | AluOpName
  | 'sdiv'
  | 'smod'
  | CondOp
  | AtomicOpName
  | 'le'
  | 'be'
  | 'bswap'
  | 'helper'
  | 'local'
  | 'kfunc'
  | '';

export interface Form {
  /** Index in FORMS; a stable small integer the interpreter and JIT dispatch on. */
  readonly id: number;
  /** Mnemonic of the conformance-suite assembler (`add32`, `ldxw`, `jsge32`, `lock fetch add`). */
  readonly name: string;
  readonly code: number;
  readonly kind: Kind;
  readonly op: Operation;
  /** Operates on 64-bit values (ALU64, JMP, 64-bit atomics). */
  readonly is64: boolean;
  /** Memory access width in bytes, or the END conversion width in bits / 8; 0 otherwise. */
  readonly size: 0 | 1 | 2 | 4 | 8;
  /** Second operand is the src register (BPF_X) rather than imm. */
  readonly reg: boolean;
  /** Fields this form reads. Every other field must be zero. */
  readonly uses: ReadonlySet<Field>;
  /** Field values that select this form among others with the same opcode byte. */
  readonly select: Readonly<Partial<Record<Field, number>>>;
  readonly group: Group;
  readonly cpu: 1 | 2 | 3 | 4;
}

const SIZE_BYTES = [[Size.W, 4], [Size.H, 2], [Size.B, 1], [Size.DW, 8]] as const;
const SIZE_SUFFIX: Record<number, string> = { 1: 'b', 2: 'h', 4: 'w', 8: 'dw' };

const forms: Form[] = [];

function add(f: Omit<Form, 'id' | 'uses'> & { uses: Field[] }): void {
  forms.push({ ...f, id: forms.length, uses: new Set(f.uses) });
}

// --- ALU and ALU64 -------------------------------------------------------------------------------
const BINARY_ALU: AluOpName[] = ['add', 'sub', 'mul', 'div', 'or', 'and', 'lsh', 'rsh', 'mod', 'xor', 'mov', 'arsh'];
for (const is64 of [false, true]) {
  const cls = is64 ? Class.ALU64 : Class.ALU;
  const suffix = is64 ? '' : '32';
  for (const op of BINARY_ALU) {
    const divmul = op === 'mul' || op === 'div' || op === 'mod';
    const group: Group = divmul ? (is64 ? 'divmul64' : 'divmul32') : is64 ? 'base64' : 'base32';
    for (const reg of [false, true]) {
      const code = cls | AluOp[op] | (reg ? Source.X : Source.K);
      const uses: Field[] = reg ? ['dst', 'src'] : ['dst', 'imm'];
      add({ name: op + suffix, code, kind: 'alu', op, is64, size: 0, reg, uses, select: { off: 0 }, group, cpu: 1 });
      if (op === 'div' || op === 'mod') {
        const sop = op === 'div' ? 'sdiv' : 'smod';
        add({ name: sop + suffix, code, kind: 'alu', op: sop, is64, size: 0, reg, uses, select: { off: 1 }, group, cpu: 4 });
      }
      if (op === 'mov' && reg) {
        for (const bits of is64 ? [8, 16, 32] : [8, 16]) {
          add({
            name: `movsx${bits}${is64 ? '64' : '32'}`, code, kind: 'movsx', op: 'mov', is64,
            size: (bits / 8) as 1 | 2 | 4, reg, uses, select: { off: bits }, group, cpu: 4,
          });
        }
      }
    }
  }
  add({
    name: 'neg' + suffix, code: cls | AluOp.neg, kind: 'neg', op: 'neg', is64, size: 0, reg: false,
    uses: ['dst'], select: {}, group: is64 ? 'base64' : 'base32', cpu: 1,
  });
}

// Byte-order instructions: the imm field selects the width.
for (const [name, code, cpu, group] of [
  ['le', Class.ALU | AluOp.end | Source.K, 1, 'base32'],
  ['be', Class.ALU | AluOp.end | Source.X, 1, 'base32'],
  ['bswap', Class.ALU64 | AluOp.end | Source.K, 4, 'base32'],
] as const) {
  for (const bits of [16, 32, 64]) {
    add({
      name: name + bits, code, kind: 'end', op: name, is64: name === 'bswap', size: (bits / 8) as 2 | 4 | 8,
      reg: false, uses: ['dst'], select: { imm: bits }, group: bits === 64 ? 'base64' : group, cpu,
    });
  }
}

// --- Loads and stores ------------------------------------------------------------------------------
for (let src = 0; src <= 6; src++) {
  add({
    name: 'lddw', code: Class.LD | Mode.IMM | Size.DW, kind: 'lddw', op: '', is64: true, size: 8, reg: false,
    uses: ['dst', 'imm'], select: { src }, group: 'base64', cpu: 1,
  });
}
for (const [sizeBits, bytes] of SIZE_BYTES) {
  const sfx = SIZE_SUFFIX[bytes]!;
  const group: Group = bytes === 8 ? 'base64' : 'base32';
  add({ name: 'ldx' + sfx, code: Class.LDX | Mode.MEM | sizeBits, kind: 'ldx', op: '', is64: false, size: bytes, reg: true, uses: ['dst', 'src', 'off'], select: {}, group, cpu: 1 });
  if (bytes !== 8) {
    add({ name: 'ldxs' + sfx, code: Class.LDX | Mode.MEMSX | sizeBits, kind: 'ldxs', op: '', is64: false, size: bytes, reg: true, uses: ['dst', 'src', 'off'], select: {}, group, cpu: 4 });
  }
  add({ name: 'st' + sfx, code: Class.ST | Mode.MEM | sizeBits, kind: 'st', op: '', is64: false, size: bytes, reg: false, uses: ['dst', 'off', 'imm'], select: {}, group, cpu: 1 });
  add({ name: 'stx' + sfx, code: Class.STX | Mode.MEM | sizeBits, kind: 'stx', op: '', is64: false, size: bytes, reg: true, uses: ['dst', 'src', 'off'], select: {}, group, cpu: 1 });
  if (bytes !== 8) {
    add({ name: 'ldabs' + sfx, code: Class.LD | Mode.ABS | sizeBits, kind: 'ldabs', op: '', is64: false, size: bytes, reg: false, uses: ['imm'], select: {}, group: 'packet', cpu: 1 });
    add({ name: 'ldind' + sfx, code: Class.LD | Mode.IND | sizeBits, kind: 'ldind', op: '', is64: false, size: bytes, reg: true, uses: ['src', 'imm'], select: {}, group: 'packet', cpu: 1 });
  }
}

// Atomics: imm selects the operation; only W and DW exist.
for (const is64 of [false, true]) {
  const code = Class.STX | Mode.ATOMIC | (is64 ? Size.DW : Size.W);
  const suffix = is64 ? '' : '32';
  const group: Group = is64 ? 'atomic64' : 'atomic32';
  for (const op of Object.keys(AtomicOp) as AtomicOpName[]) {
    const fetchVariants = op === 'xchg' || op === 'cmpxchg' ? [true] : [false, true];
    for (const fetch of fetchVariants) {
      const imm = AtomicOp[op] | (fetch ? ATOMIC_FETCH : 0);
      const plain = op === 'xchg' || op === 'cmpxchg';
      add({
        name: `lock ${fetch && !plain ? 'fetch ' : ''}${op}${suffix}`, code, kind: 'atomic', op, is64,
        size: is64 ? 8 : 4, reg: true, uses: ['dst', 'src', 'off'], select: { imm }, group,
        cpu: op === 'add' && !fetch ? 1 : 3,
      });
    }
  }
}

// --- Jumps -----------------------------------------------------------------------------------------
add({ name: 'ja', code: Class.JMP | JmpOp.ja, kind: 'ja', op: '', is64: true, size: 0, reg: false, uses: ['off'], select: {}, group: 'base32', cpu: 1 });
add({ name: 'ja32', code: Class.JMP32 | JmpOp.ja, kind: 'ja32', op: '', is64: false, size: 0, reg: false, uses: ['imm'], select: {}, group: 'base32', cpu: 4 });
for (const is64 of [true, false]) {
  for (const op of CONDITIONAL_JUMPS) {
    for (const reg of [false, true]) {
      const code = (is64 ? Class.JMP : Class.JMP32) | JmpOp[op] | (reg ? Source.X : Source.K);
      const late = op === 'jlt' || op === 'jle' || op === 'jslt' || op === 'jsle';
      add({
        name: op + (is64 ? '' : '32'), code, kind: 'jcc', op, is64, size: 0, reg,
        uses: reg ? ['dst', 'src', 'off'] : ['dst', 'off', 'imm'], select: {},
        group: is64 ? 'base64' : 'base32', cpu: is64 ? (late ? 2 : 1) : 3,
      });
    }
  }
}
for (const [op, src] of [['helper', CallSrc.HELPER], ['local', CallSrc.LOCAL], ['kfunc', CallSrc.KFUNC]] as const) {
  add({ name: 'call', code: Class.JMP | JmpOp.call, kind: 'call', op, is64: true, size: 0, reg: false, uses: ['imm'], select: { src }, group: 'base32', cpu: 1 });
}
add({ name: 'callx', code: Class.JMP | JmpOp.call | Source.X, kind: 'callx', op: '', is64: true, size: 0, reg: true, uses: ['dst'], select: {}, group: 'callx', cpu: 4 });
add({ name: 'exit', code: Class.JMP | JmpOp.exit, kind: 'exit', op: '', is64: true, size: 0, reg: false, uses: [], select: {}, group: 'base32', cpu: 1 });

/** Every instruction form, indexed by `Form.id`. */
export const FORMS: readonly Form[] = forms;

/** Forms sharing each opcode byte (most bytes have one). */
export const FORMS_BY_CODE: readonly (readonly Form[])[] = (() => {
  const byCode: Form[][] = Array.from({ length: 256 }, () => []);
  for (const f of forms) byCode[f.code]!.push(f);
  return byCode;
})();

/** Finds the form of an instruction, or undefined if no form matches its opcode and selectors. */
export function formOf(i: { code: number; dst: number; src: number; off: number; imm: number }): Form | undefined {
  const candidates = FORMS_BY_CODE[i.code & 0xff];
  if (!candidates) return undefined;
  for (const f of candidates) {
    const s = f.select;
    if ((s.off === undefined || s.off === i.off) && (s.imm === undefined || s.imm === i.imm)
      && (s.src === undefined || s.src === i.src) && (s.dst === undefined || s.dst === i.dst)) {
      return f;
    }
  }
  return undefined;
}

/** Forms by conformance mnemonic: several for mnemonics that take imm or reg operands. */
export function formsNamed(name: string): Form[] {
  return forms.filter((f) => f.name === name);
}
