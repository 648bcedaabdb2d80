/**
 * Bytes ⇄ instructions. Decoding pairs the two slots of LD_IMM64 into one instruction; it does not
 * judge fields (that is `validate`), except that a lone first half of LD_IMM64 cannot be decoded.
 */
import { DecodeError } from '../errors.js';
import { type Insn, slotCount } from './insn.js';
import { Class, INSN_SIZE, Mode, Size } from './opcodes.js';

export type Endian = 'little' | 'big';

export const LDDW_CODE = Class.LD | Mode.IMM | Size.DW;

/** Reads one 8-byte slot. In big-endian objects the register nibbles are swapped. */
export function readSlot(view: DataView, offset: number, endian: Endian = 'little'): Insn {
  const le = endian === 'little';
  const regs = view.getUint8(offset + 1);
  return {
    code: view.getUint8(offset),
    dst: le ? regs & 0x0f : regs >> 4,
    src: le ? regs >> 4 : regs & 0x0f,
    off: view.getInt16(offset + 2, le),
    imm: view.getInt32(offset + 4, le),
  };
}

export function writeSlot(view: DataView, offset: number, i: Insn, endian: Endian = 'little'): void {
  const le = endian === 'little';
  view.setUint8(offset, i.code);
  view.setUint8(offset + 1, le ? ((i.src & 0xf) << 4) | (i.dst & 0xf) : ((i.dst & 0xf) << 4) | (i.src & 0xf));
  view.setInt16(offset + 2, i.off, le);
  view.setInt32(offset + 4, i.imm, le);
}

export interface DecodeOptions {
  endian?: Endian;
}

/**
 * Decodes bytecode. The result keeps the raw second slot of each LD_IMM64 in `seconds` so that
 * validation can reject nonzero reserved fields there.
 */
export function decode(bytes: Uint8Array, options: DecodeOptions = {}): Insn[] {
  return decodeDetailed(bytes, options).insns;
}

export interface Decoded {
  insns: Insn[];
  /** For each instruction index holding LD_IMM64, the raw second slot. */
  seconds: Map<number, Insn>;
}

export function decodeDetailed(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  if (bytes.length % INSN_SIZE !== 0) {
    throw new DecodeError(`program length ${bytes.length} is not a multiple of ${INSN_SIZE} bytes`, Math.floor(bytes.length / INSN_SIZE));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const slots = bytes.length / INSN_SIZE;
  const insns: Insn[] = [];
  const seconds = new Map<number, Insn>();
  for (let pc = 0; pc < slots; pc++) {
    const i = readSlot(view, pc * INSN_SIZE, options.endian);
    if (i.code === LDDW_CODE) {
      if (pc + 1 >= slots) throw new DecodeError('incomplete lddw: the second slot is missing', pc);
      const second = readSlot(view, (pc + 1) * INSN_SIZE, options.endian);
      i.hi = second.imm;
      seconds.set(insns.length, second);
      pc++;
    }
    insns.push(i);
  }
  return { insns, seconds };
}

/** Encodes instructions to bytecode (LD_IMM64 as two slots with a zeroed second header). */
export function encode(insns: readonly Insn[], endian: Endian = 'little'): Uint8Array {
  let slots = 0;
  for (const i of insns) slots += slotCount(i);
  const out = new Uint8Array(slots * INSN_SIZE);
  const view = new DataView(out.buffer);
  let pc = 0;
  for (const i of insns) {
    writeSlot(view, pc * INSN_SIZE, i, endian);
    pc++;
    if (i.hi !== undefined) {
      writeSlot(view, pc * INSN_SIZE, { code: 0, dst: 0, src: 0, off: 0, imm: i.hi }, endian);
      pc++;
    }
  }
  return out;
}
