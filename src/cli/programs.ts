/**
 * Reading the program argument of `tsbpf filter` and `tsbpf dbg`: classic BPF in any text or byte
 * format the classic readers know, or eBPF as an ELF object, raw bytecode, or assembly (conformance
 * syntax or the llvm/kernel C-like syntax).
 */
import type { Insn } from '../isa/insn.js';
import { decode } from '../isa/codec.js';
import { isElfObject } from '../loader/index.js';
import { loadElf } from '../loader/object.js';
import { DecodeError, LoadError } from '../errors.js';
import { assembleText } from './asm.js';

export { isElfObject as isElf };

/** True when the bytes cannot be text (a NUL byte): raw instructions. */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}

/**
 * An eBPF program from a file's bytes: the first program of an ELF object, raw little-endian
 * bytecode, or assembly text — conformance syntax first (`mov32 %r0, 1`), else the C-like syntax
 * (`w0 = 1`); an error from the syntax that got further is reported.
 */
export function loadEbpfProgram(bytes: Uint8Array, file: string): Insn[] {
  if (isElfObject(bytes)) {
    const obj = loadElf(bytes, { file });
    const prog = obj.programs[0];
    if (!prog) {
      const why = obj.refused[0];
      throw why ? why.error : new LoadError('no program in the object', file);
    }
    return prog.insns;
  }
  if (isBinary(bytes)) {
    if (bytes.length % 8 !== 0) throw new DecodeError(`raw bytecode length ${bytes.length} is not a multiple of 8`, Math.floor(bytes.length / 8));
    return decode(bytes);
  }
  return assembleText(new TextDecoder().decode(bytes), file);
}
