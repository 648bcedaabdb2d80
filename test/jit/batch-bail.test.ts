/**
 * Batch mode with bail-outs: a loop-free program that stores and calls nothing has no slow path
 * inside the batch loop — a failed memory check returns to the glue, which runs that packet on its
 * own and resumes the batch after it. Verdicts, the fault, the faulting packet's index and its
 * instruction count must be the interpreter's, packet by packet, wherever the bail-outs fall.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { VmError } from '../../src/errors.js';
import { JitVm } from '../../src/jit/engine.js';
import { Vm } from '../../src/vm/interpreter.js';
import { assembleConformance } from '../../src/text/conformance.js';
import { parseConformanceData } from '../../src/text/conformance-data.js';
import { REPO_ROOT } from '../helpers/corpus.js';

/** uBPF's tcp-port-80 filter (the conformance fixture): entry-span loads, then two loads through a computed header pointer. */
const TCP_PORT_80 = ubpfAsm('tcp-port-80/match.data');

function ubpfAsm(file: string): string {
  const dir = join(REPO_ROOT, 'test/fixtures/conformance/ubpf');
  const test = parseConformanceData(readFileSync(join(dir, file), 'utf8'), file, (name) => readFileSync(join(dir, dirname(file), name), 'utf8'));
  if (test.asm === undefined) throw new Error(`${file}: no asm section`);
  return test.asm;
}

/** An IPv4/TCP frame of `length` bytes (zero-padded or cut) with IHL `ihl` and port 80 as `port`. */
function frame(length: number, ihl: number, port: 'src' | 'dst' | 'none'): Uint8Array {
  const full = new Uint8Array(Math.max(length, 14 + 4 * 15 + 4));
  full[12] = 0x08; full[14] = 0x40 | ihl; full[23] = 6;
  const tcp = 14 + 4 * ihl;
  if (port === 'src') { full[tcp] = 0; full[tcp + 1] = 80; }
  if (port === 'dst') { full[tcp + 2] = 0; full[tcp + 3] = 80; }
  return full.slice(0, length);
}

/** An ARP frame's first `length` bytes (ethertype 0x0806). */
function notIpv4(length: number): Uint8Array {
  const p = new Uint8Array(length);
  p[12] = 0x08; p[13] = 0x06;
  return p;
}

type Outcome = { verdicts: number[]; error?: string; index?: number; count?: number };

function describeError(e: unknown): string {
  if (!(e instanceof VmError)) throw e;
  return `${e.kind} pc=${e.pc} address=${e.address} size=${e.size}: ${e.message}`;
}

function interpreted(source: string, packets: readonly Uint8Array[]): Outcome {
  const vm = new Vm(assembleConformance(source));
  const region = vm.space.map('packet', 0, { capacity: 256 });
  vm.packet = region;
  const verdicts: number[] = [];
  for (const [i, p] of packets.entries()) {
    vm.space.setLength(region, p.length);
    vm.space.write(region.vmAddr, p);
    try {
      verdicts.push(vm.runU32([region.vmAddr, p.length]));
    } catch (e) {
      return { verdicts, error: describeError(e), index: i, count: vm.insnCount };
    }
  }
  return { verdicts };
}

function batched(source: string, packets: readonly Uint8Array[]): Outcome & { jit: JitVm } {
  const jit = new JitVm(assembleConformance(source));
  const region = jit.vm.space.map('packet', 0, { capacity: 256 });
  jit.vm.packet = region;
  jit.vm.space.setLength(region, 5);
  try {
    const verdicts = [...jit.runBatch(packets)];
    return { verdicts, jit };
  } catch (e) {
    return { verdicts: [], error: describeError(e), index: jit.batchIndex, count: jit.insnCount, jit };
  } finally {
    // Whatever happened, the region is as the batch found it.
    assert.equal(jit.vm.space.lengthOf(region), 5);
    assert.equal(jit.vm.space.translate(region.vmAddr, 1, false), region.hostOffset);
  }
}

/** The batch function's text (from `func $batch` to the end). */
function batchWat(source: string): string {
  const jit = new JitVm(assembleConformance(source), { wat: true });
  const wat = jit.batchModule().wat!;
  return wat.slice(wat.indexOf('(func $batch'));
}

describe('JIT batch bail-outs', () => {
  it('a pure loop-free program\'s batch loop calls nothing; one that stores keeps its slow paths', () => {
    const pure = batchWat(TCP_PORT_80);
    assert.ok(!pure.includes('call $'), 'no call in the batch loop');
    assert.ok(pure.includes('runs on its own'));
    const storing = batchWat('stxb [r10-1], r2\nldxb r0, [r1+12]\nadd r1, r2\nldxb r2, [r1]\nexit');
    assert.ok(storing.includes('call $xlate') && !storing.includes('runs on its own'));
  });

  it('gives the interpreter\'s verdicts with bail-outs anywhere in the batch', () => {
    // Frames of 24 to 80 bytes with every IHL whose ports fit: up to 30 bytes they fail the
    // entry check (its span needs 8 bytes beyond offset 23), and ports in the frame's last 7
    // bytes fail the computed pointer's check — all bail out, none faults. Non-IPv4 frames of 14
    // to 23 bytes read only bytes 12 and 13, so they bail out at entry and give 0.
    const packets: Uint8Array[] = [];
    for (let length = 24; length <= 80; length++) {
      for (let ihl = 0; 14 + 4 * ihl + 4 <= length && ihl < 16; ihl++) {
        packets.push(frame(length, ihl, (['src', 'dst', 'none'] as const)[(length + ihl) % 3]!));
      }
    }
    for (let length = 14; length < 24; length++) packets.push(notIpv4(length));
    const expected = interpreted(TCP_PORT_80, packets);
    assert.equal(expected.error, undefined);
    assert.deepEqual(batched(TCP_PORT_80, packets).verdicts, expected.verdicts);
    assert.ok(expected.verdicts.includes(1) && expected.verdicts.includes(0));
  });

  it('bails at the first and the last packet, and several times in a row', () => {
    const good = frame(80, 5, 'dst'), short = notIpv4(20), late = frame(38, 5, 'src');
    for (const list of [[short, good, good], [good, good, short], [short, late, short, good, late]]) {
      const expected = interpreted(TCP_PORT_80, list);
      assert.equal(expected.error, undefined);
      assert.deepEqual(batched(TCP_PORT_80, list).verdicts, expected.verdicts);
    }
  });

  it('a bailed packet that faults stops the batch with the interpreter\'s error, index and count', () => {
    // r1 + 40 is outside the 30-byte packets: they bail, run alone and fault at pc 3.
    const source = 'ldxb r0, [r1+2]\nldxb r2, [r1+3]\nadd r0, r2\nldxb r3, [r1+40]\nadd r0, r3\nexit';
    const packets = [new Uint8Array(50).fill(1), new Uint8Array(60).fill(2), new Uint8Array(30).fill(3), new Uint8Array(50)];
    const expected = interpreted(source, packets);
    assert.equal(expected.index, 2);
    const actual = batched(source, packets);
    assert.deepEqual([actual.error, actual.index, actual.count], [expected.error, expected.index, expected.count]);
    // Without the faulting packet, every verdict.
    const rest = packets.filter((_, i) => i !== 2);
    assert.deepEqual(batched(source, rest).verdicts, interpreted(source, rest).verdicts);
  });

  it('writes verdicts into a caller\'s array, in the JIT and in the interpreter fallback', () => {
    const list = [frame(80, 5, 'dst'), notIpv4(20), frame(38, 5, 'src'), frame(60, 5, 'none')];
    const expected = interpreted(TCP_PORT_80, list).verdicts;
    const jit = new JitVm(assembleConformance(TCP_PORT_80));
    jit.vm.packet = jit.vm.space.map('packet', 0, { capacity: 256 });
    const data = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
    const offsets = new Uint32Array(list.length), lengths = new Uint32Array(list.length);
    list.reduce((at, p, i) => { data.set(p, at); offsets[i] = at; lengths[i] = p.length; return at + p.length; }, 0);
    const staged = jit.stageBatch(data, offsets, lengths);
    const into = new Uint32Array(6).fill(7);
    assert.equal(jit.runStaged(staged, undefined, into), into);
    assert.deepEqual([...into], [...expected, 7, 7]);
    // A limit below the path bound (19): the interpreter runs the batch. The first two packets
    // take 17 and 7 instructions, the third 19.
    jit.limit = 17;
    into.fill(7);
    assert.throws(() => jit.runStaged(staged, undefined, into), (e: unknown) => e instanceof VmError && e.kind === 'instruction-limit');
    assert.equal(jit.batchIndex, 2);
    const firstTwo = jit.stageBatch(data, offsets.subarray(0, 2), lengths.subarray(0, 2));
    assert.deepEqual([...jit.runStaged(firstTwo, undefined, into)], [...expected.slice(0, 2), 7, 7, 7, 7]);
    assert.throws(() => jit.runStaged(staged, undefined, new Uint32Array(3)), RangeError);
  });
});
