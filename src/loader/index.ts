/**
 * Object loading entry point: ELF objects (clang/LLVM, any era) and images in the 2014 RFC format,
 * recognised by their magic numbers.
 */
import { LoadError } from '../errors.js';
import { type BpfObject, loadElf, type LoadOptions } from './object.js';
import { isRfc2014Image, loadRfc2014 } from './rfc2014.js';

export { type BpfObject, type LoadedProgram, loadElf, type LoadOptions } from './object.js';
export { isRfc2014Image, loadRfc2014, isGplCompatible, LEGACY_HELPER } from './rfc2014.js';
export { progTypeOfSection, PROG_TYPE_ID, type ProgTypeName } from './sections.js';
export { CORE_RELO, type CoreRelo, parseCoreRelos } from './btf-ext.js';
export { type CoreOutcome } from './core.js';
export { CORE_POISON_IMM } from './core-relo.js';

export function isElfObject(bytes: Uint8Array): boolean {
  return bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/**
 * An ELF object or a 2014 image; anything else is a `LoadError`. With `options.file`, errors name
 * the file before the section (`prog.o: maps+0x14: …`), as the CLI prints them.
 */
export function loadObject(bytes: Uint8Array, options: LoadOptions = {}): BpfObject {
  try {
    if (isElfObject(bytes)) return loadElf(bytes, options);
    if (isRfc2014Image(bytes)) return loadRfc2014(bytes);
    throw new LoadError('not an ELF object or a 2014 BPF image (unknown magic number)', 'header', 0);
  } catch (e) {
    if (e instanceof LoadError && options.file) throw new LoadError(e.detail, `${options.file}: ${e.section}`, e.offset);
    throw e;
  }
}
