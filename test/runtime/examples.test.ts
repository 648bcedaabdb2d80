/**
 * The examples against Linux 6.18: every packet of examples/traffic.pcap through each example with
 * tsbpf must give the kernel's BPF_PROG_TEST_RUN return value, output packet and ring-buffer
 * records, and leave the maps with the kernel's contents. The kernel's answers were recorded by
 * scripts/kernel-golden/generate.sh into golden/*.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadElf } from '../../src/loader/object.js';
import { parseCapture, type PacketRecord } from '../../src/pcap/index.js';
import { ENGINES } from '../../src/runtime/engines.js';
import { ObjectInstance } from '../../src/runtime/instance.js';

interface Golden {
  program: string;
  cpus: number;
  runs: { retval: number; err: number; out: string | null; events: string[] }[];
  maps: { name: string; type: number; entries: { key: string; value: string }[] }[];
}

const root = join(import.meta.dirname, '../..');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const frames = parseCapture(new Uint8Array(readFileSync(join(root, 'examples/traffic.pcap')))).items
  .filter((i): i is PacketRecord => i.kind === 'packet').map((p) => p.data.slice());

// Both engines; the JIT is the instance's default.
for (const [engineName, engine] of Object.entries(ENGINES)) {
for (const example of ['xdp_counter', 'xdp_droplist', 'socket_filter', 'tc_rewrite', 'ringbuf', 'tailcall', 'globals', 'xdp_adjust', 'maps_tour', 'tc_tail']) {
  test(`example ${example} matches BPF_PROG_TEST_RUN (${engineName})`, () => {
    const golden = JSON.parse(readFileSync(join(import.meta.dirname, `golden/${example}.json`), 'utf8')) as Golden;
    const inst = new ObjectInstance(loadElf(new Uint8Array(readFileSync(join(root, `examples/${example}.o`)))), { cpus: golden.cpus, engine });
    const index = inst.findProgram({ program: golden.program });
    let seen = 0;
    golden.runs.forEach((expected, i) => {
      const frame = frames[i]!;
      const r = inst.runPacket(index, frame);
      assert.equal(Number(BigInt.asUintN(32, r.r0)), expected.retval, `packet ${i}: return value`);
      assert.equal(hex(r.packet!), expected.out ?? hex(frame), `packet ${i}: output packet`);
      const events = inst.events().slice(seen).map((e) => hex(e.data));
      seen += events.length;
      assert.deepEqual(events, expected.events, `packet ${i}: ring buffer records`);
    });
    for (const m of golden.maps) {
      const mine = inst.map(m.name);
      assert.ok(mine, `map ${m.name} exists`);
      if (m.entries.length === 0 && [27, 3, 4].includes(m.type)) continue; // ringbuf, prog_array, perf: not dumped
      // Maps of maps hold map ids, which differ between kernel and tsbpf: compare which slots are set.
      const ids = m.type === 12 || m.type === 13;
      const strip = (e: { key: string; value: string }) => (ids ? { key: e.key, value: 'map id' } : e);
      const entries = mine.entries().map((e) => strip({ key: hex(e.key), value: hex(e.value) }));
      const byKey = (a: { key: string }, b: { key: string }): number => a.key.localeCompare(b.key);
      assert.deepEqual(entries.sort(byKey), m.entries.map(strip).sort(byKey), `map ${m.name} contents`);
    }
  });
}

test(`example xdp_printk: trace_printk lines match the kernel's trace buffer (${engineName})`, () => {
  const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/xdp_printk.json'), 'utf8')) as Golden;
  const trace = readFileSync(join(import.meta.dirname, 'golden/xdp_printk.trace'), 'utf8').split('\n').filter((l) => l !== '');
  const inst = new ObjectInstance(loadElf(new Uint8Array(readFileSync(join(root, 'examples/xdp_printk.o')))), { cpus: golden.cpus, engine });
  const index = inst.findProgram({ program: golden.program });
  golden.runs.forEach((expected, i) => {
    assert.equal(Number(inst.runPacket(index, frames[i]!).r0), expected.retval, `packet ${i}`);
  });
  assert.ok(trace.length > 50);
  assert.deepEqual(inst.env.trace, trace);
});

test(`example raw_tp_args: context-blob runs match BPF_PROG_TEST_RUN of a raw tracepoint (${engineName})`, () => {
  const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/raw_tp_args.json'), 'utf8')) as
    { program: string; cpus: number; runs: { ctx: string; retval: number }[]; maps: Golden['maps'] };
  const inst = new ObjectInstance(loadElf(new Uint8Array(readFileSync(join(root, 'examples/raw_tp_args.o')))), { cpus: golden.cpus, engine });
  const index = inst.findProgram({ program: golden.program });
  for (const run of golden.runs) {
    const r = inst.runContext(index, new Uint8Array(Buffer.from(run.ctx, 'hex')));
    assert.equal(Number(BigInt.asUintN(32, r.r0)), run.retval, `ctx ${run.ctx}`);
  }
  const byKey = (a: { key: string }, b: { key: string }): number => a.key.localeCompare(b.key);
  for (const m of golden.maps) {
    assert.deepEqual(inst.map(m.name)!.entries().map((e) => ({ key: hex(e.key), value: hex(e.value) })).sort(byKey), [...m.entries].sort(byKey), m.name);
  }
});
}

test('the default engine is the JIT, and it compiles every example program', () => {
  for (const example of ['xdp_counter', 'socket_filter', 'tc_rewrite', 'tailcall', 'globals', 'xdp_adjust', 'maps_tour', 'ringbuf', 'raw_tp_args']) {
    const object = loadElf(new Uint8Array(readFileSync(join(root, `examples/${example}.o`))));
    const inst = new ObjectInstance(object);
    object.programs.forEach((p, index) => assert.equal(inst.engineOf(index), 'jit', `${example} ${p.name}`));
    assert.equal(new ObjectInstance(object, { engine: ENGINES.interp }).engineOf(0), 'interp');
  }
});
