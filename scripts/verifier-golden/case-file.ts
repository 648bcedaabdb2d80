/**
 * Verifier case files (`test/golden/verifier/cases/<group>/<name>.s`): a header of `; key: value`
 * directives, then one program in the C-like syntax of `src/text/llvm-asm.ts`. See
 * test/golden/verifier/README.md for the directives. The reader lives in src/text/case-file.ts (the
 * web playground reads the same format); the generator and the golden test import it from here.
 */
import { encode } from '../../src/isa/codec.js';
import type { VerifierCase } from '../../src/text/case-file.js';

export {
  assembleCase, CaseError, type CaseMap, DEFAULT_LOG_SIZE, expandMapRefs, parseCase, PROG_TYPE, type ProgTypeName,
  subprogramStarts, type VerifierCase,
} from '../../src/text/case-file.js';

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The program's bytes as the golden records them (map references hold the map index). */
export function caseBytesHex(c: VerifierCase): string {
  return hex(encode(c.insns));
}
