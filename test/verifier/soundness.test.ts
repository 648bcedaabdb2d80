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

test('arbitrary instruction sequences are judged without an exception (bad input never crashes)', () => {
  const opcode = fc.constantFrom(0x07, 0x0f, 0x17, 0x1f, 0xb7, 0xbf, 0x61, 0x69, 0x71, 0x79, 0x63, 0x6b, 0x73, 0x7b, 0x62, 0x7a,
    0x15, 0x1d, 0x25, 0x2d, 0x55, 0x05, 0x85, 0x95, 0xc3, 0xdb, 0xd4, 0xdc, 0x84, 0x87, 0x04, 0x0c, 0x24, 0x34, 0x3f,
    0x44, 0x54, 0x64, 0x74, 0xc4, 0xcf, 0x16, 0x1e, 0xa5, 0xbd, 0x30, 0x50, 0x00, 0xff);
  const insn = fc.record({
    code: opcode, dst: fc.integer({ min: 0, max: 15 }), src: fc.integer({ min: 0, max: 15 }),
    off: fc.integer({ min: -12, max: 12 }), imm: fc.integer({ min: -200, max: 200 }),
  });
  fc.assert(
    fc.property(fc.array(insn, { minLength: 1, maxLength: 16 }), fc.constantFrom('socket_filter', 'xdp', 'kprobe'), (insns, progType) => {
      const maps = [{ name: 'm', type: 1, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0 }];
      const r = verify({ insns: [...insns, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }], progType, maps }, { logLevel: 2 });
      assert.ok(r.log.endsWith('mark_read 0\n'));
    }),
    { numRuns: 800, seed: 7 },
  );
});
