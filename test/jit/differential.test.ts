/**
 * Interpreter vs JIT on 2,000 generated programs (fixed seeds, so failures reproduce): r0, the
 * instruction count, the error (kind, pc, address, size, message) and the input memory afterwards
 * must all agree. `npm run fuzz -- --count N [--seed S]` runs as many as asked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VmError } from '../../src/errors.js';
import { JitVm } from '../../src/jit/engine.js';
import type { Insn } from '../../src/isa/insn.js';
import { conformanceHelpers } from '../../src/vm/conformance-helpers.js';
import { Vm } from '../../src/vm/interpreter.js';
import { disagreement, observe } from './differential.js';
import { generateProgram, rng } from './generator.js';

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

describe('JIT batch differential (batch vs the interpreter packet by packet)', () => {
  it('agrees on 300 generated programs over 4 packets each', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 300 && failures.length < 5; seed++) {
      const p = generateProgram(seed);
      const r = rng(seed ^ 0x5eed);
      const packets = Array.from({ length: 4 }, (_, i) => {
        const bytes = new Uint8Array(i === 0 ? p.mem.length : 8 + Math.floor(r() * 120));
        for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(r() * 256);
        return bytes;
      });
      const d = batchDisagreement(p.insns, p.limit, packets);
      if (d) failures.push(`seed ${seed}: ${d}`);
    }
    assert.deepEqual(failures, []);
  });
});

/** Runs `packets` through the JIT's batch entry and through the interpreter one by one. */
function batchDisagreement(insns: Insn[], limit: number, packets: Uint8Array[]): string | undefined {
  const capacity = Math.max(...packets.map((x) => x.length));
  const describe = (e: unknown) => {
    if (!(e instanceof VmError)) throw e;
    return `${e.kind} pc=${e.pc} address=${e.address} size=${e.size}: ${e.message}`;
  };
  const interp = new Vm(insns, { helpers: conformanceHelpers, limit });
  const ipkt = interp.space.map('input', 0, { capacity });
  interp.packet = ipkt;
  const expected: number[] = [];
  let expectedError = '';
  for (const bytes of packets) {
    interp.space.setLength(ipkt, bytes.length);
    interp.space.write(ipkt.vmAddr, bytes);
    try {
      expected.push(interp.runU32([ipkt.vmAddr, bytes.length]));
    } catch (e) {
      expectedError = `packet ${expected.length}: ${describe(e)}`;
      break;
    }
  }
  const jit = new JitVm(insns, { helpers: conformanceHelpers, limit });
  const jpkt = jit.vm.space.map('input', 0, { capacity });
  jit.vm.packet = jpkt;
  let actual: number[] = [];
  let actualError = '';
  try {
    actual = [...jit.runBatch(packets)];
  } catch (e) {
    actualError = `packet ${jit.batchIndex}: ${describe(e)}`;
  }
  if (actualError !== expectedError) return `interp: ${expectedError || 'no fault'}; jit: ${actualError || 'no fault'}`;
  if (!actualError && actual.join() !== expected.join()) return `verdicts ${expected.join()} vs ${actual.join()}`;
  return undefined;
}
