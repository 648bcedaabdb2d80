/**
 * Decoding for execution: validates a program once and flattens it into one Int32Array with four
 * words per 8-byte slot, so the dispatch loop reads plain integers and never touches an object:
 *
 *   word 0  operation (ops.ts) | dst << 8 | src << 12
 *   word 1  memory offset, or the absolute target slot of a jump / local call
 *   word 2  low 32 bits of the immediate
 *   word 3  high 32 bits: the sign extension of imm (what 64-bit ALU and compares use), or the
 *           second half of LD_IMM64
 *
 * A sentinel slot after the last instruction holds FELL_OFF, so running past the end is a fault
 * rather than an out-of-range read.
 */
import { DecodeError } from '../errors.js';
import { decodeDetailed } from '../isa/codec.js';
import type { Insn } from '../isa/insn.js';
import { LdImm64Src } from '../isa/opcodes.js';
import { type Form, FORMS } from '../isa/table.js';
import { validate } from '../isa/validate.js';
import type { HelperTable } from './helpers.js';
import { Op, opOfForm } from './ops.js';

/**
 * Resolves LD_IMM64 with src 1..6 (map by fd, map value, variable, code address, map by index,
 * map value by index) to the 64-bit value the register receives. Supplied by the loader.
 */
export type Imm64Resolver = (insn: Insn, pc: number) => bigint;

export interface CompileOptions {
  /** Helpers the program may call; a `call imm` to any other id is rejected here. */
  helpers?: HelperTable;
  /** Needed for LD_IMM64 with src ≠ 0; without it such a program is rejected. */
  resolveImm64?: Imm64Resolver;
  /** Highest CPU version accepted (default 4). */
  cpu?: 1 | 2 | 3 | 4;
  /** Raw second slots of LD_IMM64 by instruction index (from `decodeDetailed`), to check their reserved fields. */
  seconds?: ReadonlyMap<number, Insn>;
  /** Maximum program size in slots (default 1,000,000 as in Linux; uBPF uses 65,536). */
  maxSlots?: number;
}

export interface CompiledProgram {
  readonly insns: readonly Insn[];
  /** Four words per slot plus the sentinel slot (see the file comment). */
  readonly code: Int32Array;
  /** Form id (`FORMS[id]`) per slot; -1 for the second slot of LD_IMM64 and the sentinel. */
  readonly formIds: Int16Array;
  /** Number of 8-byte slots (without the sentinel). */
  readonly slots: number;
  /** Slot index of each instruction. */
  readonly pcs: readonly number[];
}

export const WORDS_PER_SLOT = 4;

const LDIMM64_SRC_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(LdImm64Src).map(([name, v]) => [v, name.toLowerCase()]),
);

/** Validates and flattens a program; throws `DecodeError` naming the pc on any problem. */
export function compile(insns: readonly Insn[], options: CompileOptions = {}): CompiledProgram {
  const helpers = options.helpers;
  const { forms, pcs } = validate(insns, {
    cpu: options.cpu ?? 4,
    hasHelper: helpers ? (id) => helpers.has(id) : () => false,
    seconds: options.seconds,
    maxSlots: options.maxSlots,
  });
  const slots = pcs.length === 0 ? 0 : pcs[pcs.length - 1]! + (insns[insns.length - 1]!.hi === undefined ? 1 : 2);
  const code = new Int32Array((slots + 1) * WORDS_PER_SLOT);
  const formIds = new Int16Array(slots + 1).fill(-1);
  insns.forEach((insn, k) => {
    const pc = pcs[k]!;
    const form = forms[k]!;
    const op = opOfForm(form);
    if (op === undefined) throw new DecodeError(`${describe(form)} is not supported by the interpreter`, pc);
    const p = pc * WORDS_PER_SLOT;
    code[p] = op | (insn.dst << 8) | (insn.src << 12);
    code[p + 1] = wordOne(form, insn, pc);
    const [lo, hi] = immediate(form, insn, pc, options.resolveImm64);
    code[p + 2] = lo;
    code[p + 3] = hi;
    formIds[pc] = form.id;
  });
  code[slots * WORDS_PER_SLOT] = Op.FELL_OFF!;
  return { insns, code, formIds, slots, pcs };
}

function describe(form: Form): string {
  return form.kind === 'call' ? `call with src ${form.select.src} (${form.op})` : form.name;
}

/** Jumps and local calls store their absolute target; memory forms their offset. */
function wordOne(form: Form, insn: Insn, pc: number): number {
  switch (form.kind) {
    case 'ja': case 'jcc': return pc + 1 + insn.off;
    case 'ja32': return pc + 1 + insn.imm;
    case 'call': return form.op === 'local' ? pc + 1 + insn.imm : 0;
    default: return insn.off;
  }
}

function immediate(form: Form, insn: Insn, pc: number, resolve: Imm64Resolver | undefined): [number, number] {
  if (form.kind !== 'lddw') return [insn.imm | 0, insn.imm >> 31];
  if (insn.src === 0) return [insn.imm | 0, (insn.hi ?? 0) | 0];
  const what = LDIMM64_SRC_NAME[insn.src] ?? `src ${insn.src}`;
  if (!resolve) throw new DecodeError(`lddw ${what} (src ${insn.src}) needs a loader to resolve it`, pc);
  const v = BigInt.asUintN(64, resolve(insn, pc));
  return [Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0];
}

/** Decodes bytecode (little-endian) and compiles it, checking LD_IMM64 second slots too. */
export function compileBytes(bytes: Uint8Array, options: CompileOptions = {}): CompiledProgram {
  const { insns, seconds } = decodeDetailed(bytes);
  return compile(insns, { ...options, seconds });
}

/** The form at a slot, for error messages and the debugger. */
export function formAt(program: CompiledProgram, pc: number): Form | undefined {
  const id = program.formIds[pc];
  return id === undefined || id < 0 ? undefined : FORMS[id];
}
