/**
 * Soundness fuzzing: random programs over the stack and scalars that tsbpf's verifier accepts must
 * never fault in the checked interpreter (any fault is a verifier bug). Programs never read the
 * context (r1 is overwritten first), so the VM's calling convention does not matter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Insn } from '../../src/isa/insn.js';
import { assembleLlvm } from '../../src/text/llvm-asm.js';
import { verify } from '../../src/verifier/index.js';
import { run } from '../../src/vm/run.js';
import { VmError } from '../../src/errors.js';

const REGS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const ALU = ['+=', '-=', '*=', '&=', '|=', '^=', '<<=', '>>=', 's>>=', '/=', '%='];
const JMP = ['==', '!=', '>', '>=', '<', '<=', 's>', 's>=', 's<', 's<=', '&'];
const SIZES = ['u8', 'u16', 'u32', 'u64'];

const reg = fc.constantFrom(...REGS);
const smallImm = fc.integer({ min: -600, max: 600 });
const anyImm = fc.oneof(smallImm, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));

/** One random statement; `n` is its index, jumps only go forward so every program halts. */
const statement = fc.oneof(
  fc.tuple(reg, anyImm).map(([d, k]) => `r${d} = ${k}`),
  fc.tuple(reg, reg).map(([d, s]) => `r${d} = r${s}`),
  fc.tuple(reg, fc.constantFrom(...ALU), smallImm).map(([d, op, k]) => `r${d} ${op} ${op.includes('<<') || op.includes('>>') ? Math.abs(k) % 64 : k === 0 ? 1 : k}`),
  fc.tuple(reg, fc.constantFrom(...ALU), reg).map(([d, op, s]) => `r${d} ${op} r${s}`),
  fc.tuple(reg, fc.constantFrom(...ALU), smallImm).map(([d, op, k]) => `w${d} ${op} ${op.includes('<<') || op.includes('>>') ? Math.abs(k) % 32 : k === 0 ? 1 : k}`),
  fc.tuple(reg).map(([d]) => `r${d} = r10`),
  fc.tuple(reg, reg).map(([d, s]) => `r${d} += r${s}`),
  fc.tuple(fc.constantFrom(...SIZES), reg, fc.integer({ min: -520, max: 8 }), reg).map(([sz, d, off, s]) => `*(${sz} *)(r${d} ${off < 0 ? '-' : '+'} ${Math.abs(off)}) = r${s}`),
  fc.tuple(reg, fc.constantFrom(...SIZES), reg, fc.integer({ min: -520, max: 8 })).map(([d, sz, s, off]) => `r${d} = *(${sz} *)(r${s} ${off < 0 ? '-' : '+'} ${Math.abs(off)})`),
  fc.tuple(fc.constantFrom(...SIZES), fc.integer({ min: -64, max: 0 }), smallImm).map(([sz, off, k]) => `*(${sz} *)(r10 - ${Math.abs(off)}) = ${k}`),
  fc.tuple(reg, fc.constantFrom(...JMP), smallImm, fc.integer({ min: 0, max: 6 })).map(([d, op, k, t]) => `if r${d} ${op} ${k} goto +${t}`),
  fc.tuple(reg, fc.constantFrom(...JMP), reg, fc.integer({ min: 0, max: 6 })).map(([d, op, s, t]) => `if r${d} ${op} r${s} goto +${t}`),
);

function program(body: string[]): Insn[] {
  // Registers start as known constants so the fuzzer is not stuck on "!read_ok"; a tail of
  // `r0 = 0; exit` statements absorbs forward jumps past the end.
  const prologue = REGS.map((r) => `r${r} = ${r}`);
  const tail = Array.from({ length: 7 }, () => 'r0 = 0').concat(['exit']);
  return assembleLlvm([...prologue, ...body, ...tail].join('\n'), 'fuzz');
}

test('accepted random programs never fault in the interpreter', () => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.array(statement, { minLength: 1, maxLength: 24 }), (body) => {
      const insns = program(body);
      const r = verify({ insns, progType: 'socket_filter' }, { logLevel: 0 });
      if (!r.accepted) return true;
      accepted++;
      try {
        run(insns, { limit: 100000 });
      } catch (e) {
        if (e instanceof VmError && e.kind === 'instruction-limit') return true;
        assert.fail(`verifier accepted a faulting program: ${(e as Error).message}\n${body.join('\n')}`);
      }
      return true;
    }),
    { numRuns: 1000, seed: 20261122 },
  );
  console.log(`# ${accepted} accepted programs ran without a fault`);
  assert.ok(accepted > 50, `only ${accepted} programs were accepted; the generator needs tuning`);
});
