/**
 * Applies an object's CO-RE relocations to its code sections before programs are linked, as
 * libbpf's `bpf_object__relocate_core` does: records are taken section by section in file order
 * (the order matters — a type's candidate list narrows as its records match), every patched
 * instruction is shared by all programs that include it, and a record that fails makes the
 * instruction's program unloadable.
 */
import { LoadError } from '../errors.js';
import type { Insn } from '../isa/index.js';
import type { Btf } from './btf.js';
import type { CoreRelo } from './btf-ext.js';
import { CoreError } from './core-match.js';
import { calcRelocation, type CandidateCache, patchInstruction } from './core-relo.js';

export interface CoreCodeSection {
  name: string;
  slots: Insn[];
}

/** One record's outcome: the libbpf-style note (`patched insn #5 (LDX/ST/STX) off 16 -> 24`) or the failure. */
export interface CoreOutcome {
  relo: CoreRelo;
  note?: string;
  error?: LoadError;
}

/**
 * Patches `sections` in place (records from `parseCoreRelos`, in file order). Returns every record's outcome; failed records also appear in
 * `failures` (section name → slot → error) so the linker can refuse the programs that use them.
 */
export function applyCoreRelocations(
  relos: CoreRelo[], local: Btf, target: Btf, sections: CoreCodeSection[], littleEndian: boolean,
): { outcomes: CoreOutcome[]; failures: Map<string, Map<number, LoadError>> } {
  const cache: CandidateCache = new Map();
  const outcomes: CoreOutcome[] = [];
  const failures = new Map<string, Map<number, LoadError>>();
  const bySection = new Map(sections.map((s) => [s.name, s]));
  for (const relo of relos) {
    const where = relo.section;
    const fail = (message: string): void => {
      const error = new LoadError(`CO-RE relocation #${relo.index}: ${message}`, where, relo.insnOff);
      outcomes.push({ relo, error });
      let m = failures.get(where);
      if (!m) failures.set(where, (m = new Map()));
      m.set(relo.insnOff / 8, error);
    };
    const code = bySection.get(where);
    if (!code) {
      // libbpf skips records of code it does not load (e.g. eliminated weak subprograms).
      outcomes.push({ relo, note: 'skipped: no such code section' });
      continue;
    }
    if (relo.insnOff % 8 !== 0 || relo.insnOff / 8 >= code.slots.length) {
      fail(`instruction offset ${relo.insnOff} is not an instruction of the section`);
      continue;
    }
    try {
      const res = calcRelocation(relo, local, target, cache, littleEndian);
      outcomes.push({ relo, note: patchInstruction(code.slots, relo.insnOff / 8, res) });
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      fail(`${e.message} (${e.errno})`);
    }
  }
  return { outcomes, failures };
}
