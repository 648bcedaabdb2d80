/**
 * Structural validation of a decoded program: what any executor needs to be true before it runs
 * (the data-flow verifier in `src/verifier/` goes much further). Each rejection names the pc.
 */
import { DecodeError } from '../errors.js';
import type { Insn } from './insn.js';
import { FRAME_POINTER, REG_COUNT } from './opcodes.js';
import { type Field, type Form, formOf } from './table.js';

export interface ValidateOptions {
  /** Is a helper with this id registered? Without it, helper ids are not checked. */
  hasHelper?: (id: number) => boolean;
  /** Highest CPU version accepted (default 4). */
  cpu?: 1 | 2 | 3 | 4;
  /** Raw second slots of LD_IMM64 instructions, by instruction index (from `decodeDetailed`). */
  seconds?: ReadonlyMap<number, Insn>;
  /** Maximum number of slots (default 1,000,000, the kernel's BPF_COMPLEXITY_LIMIT_INSNS). */
  maxSlots?: number;
}

export interface Validated {
  /** Form of each instruction. */
  forms: Form[];
  /** Slot index of each instruction. */
  pcs: number[];
  /** Instruction index starting at each slot, or -1 for the second slot of LD_IMM64. */
  indexOfSlot: Int32Array;
}

const FIELD_NAMES: Field[] = ['dst', 'src', 'off', 'imm'];

/** Kinds whose dst register is written. */
function writesDst(f: Form): boolean {
  switch (f.kind) {
    case 'alu': case 'neg': case 'movsx': case 'end': case 'lddw': case 'ldx': case 'ldxs':
      return true;
    default:
      return false;
  }
}

/** Checks the program and returns its forms and slot map; throws `DecodeError` with the pc. */
export function validate(insns: readonly Insn[], options: ValidateOptions = {}): Validated {
  const cpu = options.cpu ?? 4;
  if (insns.length === 0) throw new DecodeError('empty program', 0);
  const pcs: number[] = [];
  let slots = 0;
  for (const i of insns) {
    pcs.push(slots);
    slots += i.hi === undefined ? 1 : 2;
  }
  const maxSlots = options.maxSlots ?? 1_000_000;
  if (slots > maxSlots) throw new DecodeError(`program has ${slots} instructions, more than ${maxSlots}`, maxSlots);
  const indexOfSlot = new Int32Array(slots).fill(-1);
  insns.forEach((_, k) => { indexOfSlot[pcs[k]!] = k; });

  const forms: Form[] = [];
  insns.forEach((i, k) => {
    const pc = pcs[k]!;
    const f = formOf(i);
    if (!f) throw new DecodeError(describeUnknown(i), pc);
    if (f.cpu > cpu) throw new DecodeError(`${f.name} needs cpu v${f.cpu} (selected v${cpu})`, pc);
    for (const field of FIELD_NAMES) {
      if (!f.uses.has(field) && f.select[field] === undefined && i[field] !== 0) {
        throw new DecodeError(`${f.name}: reserved field ${field} must be 0, not ${i[field]}`, pc);
      }
    }
    if (f.uses.has('dst') && i.dst >= REG_COUNT) throw new DecodeError(`invalid destination register r${i.dst}`, pc);
    if (f.uses.has('src') && i.src >= REG_COUNT) throw new DecodeError(`invalid source register r${i.src}`, pc);
    if (writesDst(f) && i.dst === FRAME_POINTER) throw new DecodeError('cannot write to r10 (read-only frame pointer)', pc);
    if (f.kind === 'lddw') {
      const second = options.seconds?.get(k);
      if (second && (second.code !== 0 || second.dst !== 0 || second.src !== 0 || second.off !== 0)) {
        throw new DecodeError('invalid lddw: the second slot must have opcode, registers and offset 0', pc + 1);
      }
    }
    if (f.kind === 'call' && f.op === 'helper' && options.hasHelper && !options.hasHelper(i.imm)) {
      throw new DecodeError(`call to unregistered helper ${i.imm}`, pc);
    }
    forms.push(f);
  });

  // Control flow: every target must be a slot that starts an instruction.
  insns.forEach((i, k) => {
    const f = forms[k]!;
    const pc = pcs[k]!;
    let target: number | undefined;
    if (f.kind === 'ja' || f.kind === 'jcc') target = pc + 1 + i.off;
    else if (f.kind === 'ja32' || (f.kind === 'call' && f.op === 'local')) target = pc + 1 + i.imm;
    if (target === undefined) return;
    if (target < 0 || target >= slots) throw new DecodeError(`jump out of range to pc ${target}`, pc);
    if (indexOfSlot[target] === -1) throw new DecodeError(`jump into the middle of lddw at pc ${target - 1}`, pc);
  });

  const last = forms[forms.length - 1]!;
  if (last.kind !== 'exit' && last.kind !== 'ja' && last.kind !== 'ja32') {
    throw new DecodeError('last instruction must be exit or a jump', pcs[pcs.length - 1]!);
  }
  return { forms, pcs, indexOfSlot };
}

function describeUnknown(i: Insn): string {
  const hex = `0x${i.code.toString(16).padStart(2, '0')}`;
  return `unknown opcode ${hex}` + (formOfCodeExists(i.code) ? ` with off ${i.off}, imm ${i.imm}, src ${i.src}` : '');
}

function formOfCodeExists(code: number): boolean {
  return formOf({ code, dst: 0, src: 0, off: 0, imm: 0 }) !== undefined
    || [1, 8, 16, 32, 64].some((v) => formOf({ code, dst: 0, src: v <= 6 ? v : 0, off: v, imm: v }) !== undefined);
}
