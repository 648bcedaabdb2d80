/**
 * Reading the program argument of `tsbpf filter` and `tsbpf dbg`: classic BPF in any text or byte
 * format the classic readers know, or eBPF as an ELF object, raw bytecode, or assembly (conformance
 * syntax or the llvm/kernel C-like syntax).
 */
import type { Insn } from '../isa/insn.js';
import { decode } from '../isa/codec.js';
import { loadElf } from '../loader/object.js';
import { assembleConformance } from '../text/conformance.js';
import { assembleLlvm } from '../text/llvm-asm.js';
import { DecodeError, LoadError, TsbpfError } from '../errors.js';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

export function isElf(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => bytes[i] === b);
}

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
  if (isElf(bytes)) {
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
  const text = new TextDecoder().decode(bytes);
  let first: unknown;
  try {
    return assembleConformance(text, file);
  } catch (e) {
    first = e;
  }
  try {
    return assembleLlvm(text, file);
  } catch (e) {
    // Report the error of the syntax that read further into the file.
    const line = (x: unknown) => (x instanceof TsbpfError && 'line' in x ? Number(x.line) : 0);
    throw line(e) >= line(first) ? e : first;
  }
}
