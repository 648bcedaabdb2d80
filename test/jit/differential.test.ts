/**
 * Interpreter vs JIT on 2,000 generated programs (fixed seeds, so failures reproduce): r0, the
 * instruction count, the error (kind, pc, address, size, message) and the input memory afterwards
 * must all agree. `npm run fuzz -- --count N [--seed S]` runs as many as asked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { disagreement, observe } from './differential.js';
import { generateProgram } from './generator.js';

const COUNT = 2000;

describe('JIT differential (interpreter vs JIT)', () => {
  it(`agrees on ${COUNT} generated programs`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= COUNT && failures.length < 5; seed++) {
      const d = disagreement(generateProgram(seed));
      if (d) failures.push(d);
    }
    assert.deepEqual(failures, []);
  });

  it('the generated programs exercise faults, limits, halts and normal exits', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) {
      const o = observe(generateProgram(seed), 'jit').outcome;
      seen.add(o.startsWith('r0=') ? (o.startsWith('r0=0x0 ') ? 'r0=0' : 'exit') : o.split(' ')[0]!);
    }
    for (const k of ['exit', 'r0=0', 'out-of-bounds', 'null', 'read-only', 'instruction-limit', 'call-depth']) {
      assert.ok(seen.has(k), `no run ended with ${k} (saw ${[...seen].join(', ')})`);
    }
  });
});
