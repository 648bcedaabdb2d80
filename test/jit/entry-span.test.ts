/**
 * Loop-free programs whose loads go through an argument register that still holds its entry
 * value: the JIT checks the whole span of those loads once at entry and, when that fails, runs a
 * copy that checks each load. Interpreter and JIT must agree on r0, the count and every fault —
 * with packets too short for the span, loads skipped by a branch, negative offsets and loads
 * after the register changed — per call and in batch mode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VmError } from '../../src/errors.js';
import { JitVm } from '../../src/jit/engine.js';
import { createExecutor, type Engine } from '../../src/jit/run.js';
import { assembleConformance } from '../../src/text/conformance.js';

const PROGRAM = `
  ldxb r2, [r1+12]
  mov r0, r2
  jne r2, 0x8, skip
  ldxh r3, [r1+30]
  add r0, r3
skip:
  ldxw r4, [r1+5]
  add r0, r4
  ldxdw r4, [r1OFF]
  xor r0, r4
  add r1, 1
  ldxb r5, [r1+12]
  add r0, r5
  exit`;

type Outcome = { r0?: bigint; error?: string; count: number };

function packet(length: number, seed: number): Uint8Array {
  const p = new Uint8Array(length).map((_, i) => (i * 29 + seed * 7) & 0xff);
  if (length > 12 && seed % 2 === 0) p[12] = 8;
  return p;
}

function outcomes(off: number, engine: Engine, runs: { start: number; length: number; seed: number }[]): { list: Outcome[]; exec: ReturnType<typeof createExecutor> } {
  const exec = createExecutor(assembleConformance(PROGRAM.replace('OFF', off < 0 ? `${off}` : `+${off}`)), { engine, ...(engine === 'jit' ? { wat: true } : {}) });
  const region = exec.vm.space.map('packet', 0, { capacity: 256 });
  exec.vm.packet = region;
  const list = runs.map(({ start, length, seed }): Outcome => {
    exec.vm.space.setLength(region, length);
    exec.vm.space.bytes.set(packet(length, seed), region.hostOffset);
    try {
      const r = exec.run([region.vmAddr + start, length]);
      return { r0: r.r0, count: exec.insnCount };
    } catch (e) {
      if (!(e instanceof VmError)) throw e;
      return { error: `${e.kind} pc ${e.pc} ${e.address ?? ''} ${e.size ?? ''} ${e.message}`, count: exec.insnCount };
    }
  });
  return { list, exec };
}

describe('JIT entry span', () => {
  it('agrees with the interpreter when the span fits, when it does not, and at every fault', () => {
    for (const off of [-3, 0, 17, 40]) {
      const runs: { start: number; length: number; seed: number }[] = [];
      for (const start of [0, 2, 5]) {
        for (let length = 0; length <= 56; length++) runs.push({ start, length, seed: length + start });
      }
      const jit = outcomes(off, 'jit', runs);
      const interp = outcomes(off, 'interp', runs);
      assert.deepEqual(jit.list, interp.list, `offset ${off}`);
      assert.ok(jit.exec instanceof JitVm && jit.exec.wat()!.includes('one check at entry'), 'the entry span is generated');
      assert.ok(interp.list.some((o) => o.error) && interp.list.some((o) => o.r0 !== undefined), 'both faults and results occur');
    }
  });

  it('gives the interpreter\'s verdicts in batch mode', () => {
    const packets = Array.from({ length: 60 }, (_, i) => packet(41 + i, i));
    const jit = createExecutor(assembleConformance(PROGRAM.replace('OFF', '+33')), { engine: 'jit' });
    assert.ok(jit instanceof JitVm);
    const region = jit.vm.space.map('packet', 0, { capacity: 256 });
    jit.vm.packet = region;
    const verdicts = [...jit.runBatch(packets)];
    const { list } = outcomes(33, 'interp', packets.map((p, seed) => ({ start: 0, length: p.length, seed })));
    assert.deepEqual(verdicts, list.map((o) => Number(o.r0! & 0xffffffffn)));
  });
});
