/**
 * Round trips over generated instructions of every form in the opcode table: print, assemble,
 * compare bytes — for the llvm syntax, the conformance syntax and the kernel log syntax.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encode } from '../../src/isa/codec.js';
import type { Insn } from '../../src/isa/insn.js';
import { FORMS, type Form } from '../../src/isa/table.js';
import { assembleConformance, formatConformance } from '../../src/text/conformance.js';
import { formatKernel } from '../../src/text/kernel-disasm.js';
import { assembleLlvm } from '../../src/text/llvm-asm.js';
import { formatLlvm } from '../../src/text/llvm-disasm.js';

const reg = fc.integer({ min: 0, max: 10 });
const int16 = fc.integer({ min: -32768, max: 32767 });
const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });

/** A valid instruction of form f: used fields random, selector fields fixed, the rest zero. */
function instructionOf(f: Form): fc.Arbitrary<Insn> {
  return fc.record({ dst: reg, src: reg, off: int16, imm: int32, hi: int32 }).map((r) => {
    const i: Insn = {
      code: f.code,
      dst: f.uses.has('dst') ? r.dst : 0,
      src: f.uses.has('src') ? r.src : 0,
      off: f.uses.has('off') ? r.off : 0,
      imm: f.uses.has('imm') ? r.imm : 0,
    };
    if (f.kind === 'lddw') i.hi = r.hi;
    for (const [field, value] of Object.entries(f.select)) (i as unknown as Record<string, number>)[field] = value;
    return i;
  });
}

const hex = (insns: readonly Insn[]) => Buffer.from(encode(insns)).toString('hex');

function roundTrip(name: string, print: (i: Insn) => string | undefined, assemble: (text: string) => Insn[], applies: (f: Form) => boolean) {
  it(name, () => {
    let checked = 0;
    for (const f of FORMS.filter(applies)) {
      fc.assert(fc.property(instructionOf(f), (i) => {
        const text = print(i);
        assert.ok(text !== undefined, `${f.name} has no text`);
        assert.equal(hex(assemble(text)), hex([i]), text);
      }), { numRuns: 40 });
      checked++;
    }
    assert.ok(checked > 100, `${checked} forms`);
  });
}

describe('round trips over every form', () => {
  roundTrip('llvm: disassemble → assemble gives the same bytes',
    (i) => formatLlvm(i, { distinguishCalls: true }), (t) => assembleLlvm(t), () => true);
  roundTrip('llvm --alu32 spelling: disassemble → assemble gives the same bytes',
    (i) => formatLlvm(i, { alu32: true, distinguishCalls: true }), (t) => assembleLlvm(t), () => true);
  // The conformance syntax has no spelling for LD_IMM64 with a pseudo source (maps, BTF ids).
  roundTrip('conformance: disassemble → assemble gives the same bytes',
    formatConformance, (t) => assembleConformance(t), (f) => !(f.kind === 'lddw' && f.select.src !== 0));
  // The kernel prints callx as a helper call and LD_IMM64 with a pseudo source as a bare value.
  roundTrip('kernel log: print → assemble gives the same bytes where the kernel text is unambiguous',
    (i) => formatKernel(i), (t) => assembleLlvm(t), (f) => f.kind !== 'callx' && !(f.kind === 'lddw' && f.select.src !== 0));

  it('every form is covered by the llvm and kernel round trips', () => {
    assert.equal(FORMS.length, 171);
  });
});
