/**
 * Counted loops (a single-block loop stepping one register by 1 towards a bound, loading through
 * it): the JIT runs all iterations but the last without meter or checks when it can prove they
 * fit. Interpreter and JIT must still agree on r0, the instruction count and any fault (kind, pc,
 * message, address) — for every load size, offset and order, trips that end exactly at, just
 * inside and just beyond the region's end, and limits that run out in every part of the loop.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VmError } from '../../src/errors.js';
import { JitVm } from '../../src/jit/engine.js';
import { createExecutor, type Engine } from '../../src/jit/run.js';
import { assembleConformance } from '../../src/text/conformance.js';

const REGION = 100;
const PACKET_ADDR = 0x4000_0000;

/**
 * Loads through r3 from r1 for r2 iterations (bound in r4, or the immediate `bound`), combined
 * into r0: `lsh` shifts r0 too, `sum` only adds the loaded values (the JIT regroups those adds
 * and defers the increments of its unrolled copies), `mix` also adds r3 (it may do neither).
 */
type Shape = 'lsh' | 'sum' | 'mix';
function source(load: string, off: number, addFirst: boolean, bound: number | undefined, shape: Shape = 'lsh'): string {
  const at = off < 0 ? `-${-off}` : `+${off}`;
  const combine = shape === 'lsh' ? ['  add r0, r5', '  lsh r0, 1'] : shape === 'sum' ? ['  add r0, r5', '  ldxb r6, [r3+1]'] : ['  add r0, r5', '  add r0, r3'];
  const body = [`  ${load} r5, [r3${at}]`, ...combine, '  add r3, 1'];
  if (addFirst) body.unshift(body.splice(3, 1)[0]!);
  return [
    '  mov r0, 0',
    '  mov r3, r1',
    '  mov r4, r1',
    '  add r4, r2',
    'loop:',
    ...body,
    bound === undefined ? '  jne r3, r4, loop' : `  jne r3, ${bound}, loop`,
    '  exit',
  ].join('\n');
}

type Outcome = { r0?: bigint; error?: string; count: number };

function outcomes(text: string, engine: Engine, limit: number, runs: [number, number][]): { outcomes: Outcome[]; wat?: string } {
  const exec = createExecutor(assembleConformance(text), { engine, limit, ...(engine === 'jit' ? { wat: true } : {}) });
  const packet = exec.vm.space.map('packet', REGION, { capacity: 2048, vmAddr: PACKET_ADDR });
  const bytes = new Uint8Array(REGION).map((_, i) => (i * 37 + 11) & 0xff);
  exec.vm.space.write(packet.vmAddr, bytes);
  exec.vm.packet = packet;
  const list = runs.map(([start, trips]): Outcome => {
    try {
      const r = exec.run([PACKET_ADDR + start, trips]);
      return { r0: r.r0, count: exec.insnCount };
    } catch (e) {
      if (!(e instanceof VmError)) throw e;
      return { error: `${e.kind} pc ${e.pc} ${e.address ?? ''} ${e.size ?? ''} ${e.message}`, count: exec.insnCount };
    }
  });
  const wat = exec instanceof JitVm ? exec.wat() : undefined;
  return wat === undefined ? { outcomes: list } : { outcomes: list, wat };
}

describe('JIT counted loops', () => {
  it('agree with the interpreter on results, counts and faults', () => {
    let fast = 0, regrouped = 0;
    for (const shape of ['lsh', 'sum', 'mix'] as const)
    for (const load of ['ldxb', 'ldxh', 'ldxw', 'ldxdw', 'ldxsb']) {
      for (const off of [0, 3, -2]) {
        for (const addFirst of [false, true]) {
          for (const start of [2, 40]) {
            const end = REGION - start;
            const trips = [0, 1, 2, 3, 4, 5, 6, 17, 19, 20, 21, 22, 23, 24, 25, 31];
            for (let t = end - 10; t <= end + 3; t++) trips.push(t);
            const runs = trips.map((t): [number, number] => [start, t]);
            for (const bound of [undefined, PACKET_ADDR + start + end - 6]) {
              for (const limit of shape === 'lsh' ? [1_000_000, 40, 101, 158] : [1_000_000, 101]) {
                const text = source(load, off, addFirst, bound, shape);
                const jit = outcomes(text, 'jit', limit, runs);
                const interp = outcomes(text, 'interp', limit, runs);
                assert.deepEqual(jit.outcomes, interp.outcomes, `${text}\nlimit ${limit}`);
                if (jit.wat?.includes('counted loop')) fast++;
                const regroup = jit.wat?.includes('one partial sum per unrolled copy') === true;
                assert.equal(regroup, shape === 'sum', `regrouped sum: ${text}`);
                assert.equal(jit.wat?.includes('one increment per round'), shape !== 'mix', `deferred increments: ${text}`);
                if (regroup) regrouped++;
              }
            }
          }
        }
      }
    }
    assert.ok(fast > 0, 'the counted-loop path is generated');
    assert.ok(regrouped > 0, 'the regrouped sum is generated');
  });
});
