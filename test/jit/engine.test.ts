/**
 * The JIT executor beyond single conformance runs: batch mode against per-packet interpreter runs,
 * both entry points (i32 and BigInt arguments), limits changed between runs, interpreter fallback
 * for irreducible control flow, and load-time rejection identical to the interpreter's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError, VmError } from '../../src/errors.js';
import { JitVm } from '../../src/jit/engine.js';
import { createExecutor } from '../../src/jit/run.js';
import { assembleConformance } from '../../src/text/conformance.js';
import { conformanceHelpers } from '../../src/vm/conformance-helpers.js';
import { Vm } from '../../src/vm/interpreter.js';
import { rng } from './generator.js';

/** uBPF's tcp-port-80 test program (tests/tcp-port-80/tcp-port-80.asm, Apache-2.0), plus an LD_ABS. */
const TCP_PORT_80 = `
  ldxb r2, [r1+12]
  ldxb r3, [r1+13]
  lsh r3, 8
  or r3, r2
  mov r0, 0
  jne r3, 0x8, exit
  ldxb r2, [r1+23]
  jne r2, 0x6, exit
  ldxb r2, [r1+14]
  add r1, 0xe
  and r2, 0xf
  lsh r2, 2
  add r1, r2
  ldxh r2, [r1+2]
  jeq r2, 0x5000, match
  ldxh r1, [r1]
  jne r1, 0x5000, exit
match:
  ldabsb 40
  mov r0, 1
exit:
  exit`;

function packets(count: number, seed: number): Uint8Array[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const p = new Uint8Array(40 + Math.floor(r() * 60));
    for (let i = 0; i < p.length; i++) p[i] = Math.floor(r() * 256);
    if (r() < 0.7) { p[12] = 8; p[13] = 0; }
    if (r() < 0.7) p[23] = 6;
    p[14] = 0x45;
    if (r() < 0.5 && p.length > 38) { p[36] = 0; p[37] = 0x50; }
    return p;
  });
}

function machines(source: string, engine: 'jit' | 'interp', limit?: number) {
  const exec = createExecutor(assembleConformance(source), { engine, helpers: conformanceHelpers, ...(limit ? { limit } : {}) });
  const packet = exec.vm.space.map('packet', 0, { capacity: 2048 });
  exec.vm.packet = packet;
  return { exec, packet };
}

describe('JIT batch mode', () => {
  it('gives the interpreter\'s verdicts for every packet (LD_ABS outside the packet included)', () => {
    const list = packets(500, 7);
    const { exec } = machines(TCP_PORT_80, 'jit');
    assert.ok(exec instanceof JitVm);
    const verdicts = exec.runBatch(list);
    const { exec: interp, packet } = machines(TCP_PORT_80, 'interp');
    const expected = list.map((p) => {
      interp.vm.space.setLength(packet, p.length);
      interp.vm.space.bytes.set(p, packet.hostOffset);
      return Number(interp.run([packet.vmAddr, p.length]).r0);
    });
    assert.deepEqual([...verdicts], expected);
    assert.ok(expected.includes(1) && expected.includes(0), 'both verdicts occur');
    // Running again reuses the batch module and gives the same answers; so does a staged batch,
    // and a limit below the program's path bound (the interpreter takes over, packet by packet).
    assert.deepEqual([...exec.runBatch(list)], expected);
    const data = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
    const offsets = new Uint32Array(list.length), lengths = new Uint32Array(list.length);
    list.reduce((at, p, i) => { data.set(p, at); offsets[i] = at; lengths[i] = p.length; return at + p.length; }, 0);
    const staged = exec.stageBatch(data, offsets, lengths);
    assert.deepEqual([...exec.runStaged(staged)], expected);
    assert.deepEqual([...exec.runStaged(staged)], expected);
    exec.limit = 5;
    assert.throws(() => exec.runStaged(staged), (e: unknown) => e instanceof VmError && e.kind === 'instruction-limit');
  });

  it('copies packets in when the program calls helpers, and leaves the region as it found it otherwise', () => {
    const list = packets(50, 9);
    const withHelper = 'mov r6, r1\ncall 2\nldxb r0, [r6+14]\nldxw r1, [r6+20]\nadd r0, r1\nexit';
    const { exec } = machines(withHelper, 'jit');
    const expected = list.map((p) => (p[14]! + new DataView(p.buffer).getUint32(20, true)) >>> 0);
    assert.deepEqual([...(exec as JitVm).runBatch(list)], expected);
    const { exec: zero, packet } = machines('ldxb r0, [r1+14]\nldxw r1, [r1+20]\nadd r0, r1\nexit', 'jit');
    const space = zero.vm.space;
    space.setLength(packet, 3);
    assert.deepEqual([...(zero as JitVm).runBatch(list)], expected);
    assert.equal(space.lengthOf(packet), 3);
    assert.equal(space.translate(packet.vmAddr, 1, false), packet.hostOffset);
  });

  it('stops at a faulting packet and names it', () => {
    const { exec } = machines('ldxw r0, [r1+16]\nexit', 'jit');
    const jit = exec as JitVm;
    const list = [new Uint8Array(20), new Uint8Array(20), new Uint8Array(10), new Uint8Array(20)];
    assert.throws(() => jit.runBatch(list), (e: unknown) => e instanceof VmError && e.kind === 'out-of-bounds' && e.pc === 0);
    assert.equal(jit.batchIndex, 2);
  });
});

describe('JIT entry points', () => {
  it('agrees with the interpreter for i32 and BigInt arguments', () => {
    const src = 'mov r0, r1\nadd r0, r2\nxor r0, r3\nlsh r4, 7\nadd r0, r4\nsub r0, r5\nexit';
    const jit = new JitVm(assembleConformance(src));
    const vm = new Vm(assembleConformance(src));
    for (const args of [[1, 2, 3, 4, 5], [0xffffffff, 0, 1], [2 ** 40, -1, 3n, 0xffffffffffffffffn, 2 ** 32], []] as (number | bigint)[][]) {
      assert.deepEqual(jit.run(args), vm.run(args), `args ${args.join(', ')}`);
      assert.equal(jit.runU32(args), vm.runU32(args), `runU32 ${args.join(', ')}`);
      assert.equal(jit.insnCount, vm.insnCount);
    }
  });

  it('follows limit changes between runs', () => {
    const src = 'mov r0, 0\nmov r1, 100\nloop:\nadd r0, 1\nsub r1, 1\njne r1, 0, loop\nexit';
    const jit = new JitVm(assembleConformance(src), { limit: 1000 });
    assert.equal(jit.run().insnCount, 303);
    jit.limit = 50;
    assert.throws(() => jit.run(), (e: unknown) => e instanceof VmError && e.kind === 'instruction-limit');
    assert.equal(jit.insnCount, 50);
    jit.limit = 303;
    assert.equal(jit.run().r0, 100n);
  });
});

describe('JIT on large programs', () => {
  it('compiles a chain of 10,000 tests (merge nodes are iterated, not recursed into)', () => {
    const source = `${'jgt r0, 100, +1\nadd r0, 1\n'.repeat(10_000)}exit`;
    const jit = new JitVm(assembleConformance(source), { limit: 100_000 });
    assert.equal(jit.engine, 'jit', jit.note);
    assert.deepEqual(jit.run(), new Vm(assembleConformance(source), { limit: 100_000 }).run());
  });
});

describe('JIT fallback and rejection', () => {
  it('runs irreducible control flow in the interpreter, with a note', () => {
    // Two entries into a loop: pc 1 and pc 3 jump into each other's bodies.
    const src = 'mov r0, 0\njeq r1, 0, +2\nadd r0, 1\nja +1\nadd r0, 2\nadd r0, 4\njlt r0, 20, -5\nexit';
    const jit = new JitVm(assembleConformance(src));
    assert.equal(jit.engine, 'interp');
    assert.match(jit.note ?? '', /irreducible/);
    assert.deepEqual(jit.run([0]), new Vm(assembleConformance(src)).run([0]));
  });

  it('rejects what the interpreter rejects, with the same error', () => {
    const bad = [{ code: 0x8f, dst: 0, src: 0, off: 0, imm: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }];
    const interp = (() => { try { new Vm(bad); } catch (e) { return e; } })();
    const jit = (() => { try { new JitVm(bad); } catch (e) { return e; } })();
    assert.ok(interp instanceof DecodeError);
    assert.deepEqual(jit, interp);
  });
});
