/**
 * `tsbpf run OBJ --pcap`, `tsbpf maps OBJ` and `tsbpf disasm OBJ` through the CLI entry point,
 * checked against the kernel's BPF_PROG_TEST_RUN results recorded in test/runtime/golden.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { parseCapture, type PacketRecord } from '../../src/pcap/index.js';
import { memoryIo } from '../helpers/io.js';

const root = join(import.meta.dirname, '../..');
const file = (p: string): Uint8Array => new Uint8Array(readFileSync(join(root, p)));
const golden = (name: string) => JSON.parse(readFileSync(join(root, 'test/runtime/golden', `${name}.json`), 'utf8')) as {
  runs: { retval: number; out: string | null; events: string[] }[];
};
const XDP = ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT'];


const files = {
  'drop.o': file('examples/xdp_droplist.o'), 'ring.o': file('examples/ringbuf.o'), 'tail.o': file('examples/tailcall.o'),
  'traffic.pcap': file('examples/traffic.pcap'),
};

describe('tsbpf run OBJ --pcap', () => {
  it('prints the verdict histogram the kernel gives', async () => {
    const { io, out } = memoryIo(files);
    assert.equal(await main(['run', 'drop.o', '--pcap', 'traffic.pcap'], io), 0, out.stderr);
    const counts = new Map<string, number>();
    for (const r of golden('xdp_droplist').runs) counts.set(XDP[r.retval]!, (counts.get(XDP[r.retval]!) ?? 0) + 1);
    const printed = out.stdout.trim().split('\n').map((l) => l.split(/ +/));
    assert.deepEqual(printed, [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, String(n)]));
  });

  it('-w writes the packets that were not dropped, as the kernel left them', async () => {
    const { io, out } = memoryIo(files);
    assert.equal(await main(['run', 'drop.o', '--pcap', 'traffic.pcap', '-w', 'out.pcap'], io), 0, out.stderr);
    const input = parseCapture(files['traffic.pcap']).items.filter((i): i is PacketRecord => i.kind === 'packet');
    const expected = golden('xdp_droplist').runs.flatMap((r, i) => (r.retval === 2 ? [r.out ?? Buffer.from(input[i]!.data).toString('hex')] : []));
    const written = parseCapture(out.written.get('out.pcap') as Uint8Array).items.filter((i): i is PacketRecord => i.kind === 'packet');
    assert.deepEqual(written.map((p) => Buffer.from(p.data).toString('hex')), expected);
    assert.match(out.stdout, new RegExp(`wrote ${expected.length} packets to out.pcap`));
  });

  it('--json reports ring-buffer records and final maps', async () => {
    const { io, out } = memoryIo(files);
    assert.equal(await main(['run', 'ring.o', '--pcap', 'traffic.pcap', '--json'], io), 0, out.stderr);
    const report = JSON.parse(out.stdout) as { runs: number; events: { data: string }[]; maps: { name: string; entries: unknown[] }[] };
    assert.equal(report.runs, 1000);
    assert.deepEqual(report.events.map((e) => e.data), golden('ringbuf').runs.flatMap((r) => r.events));
    assert.deepEqual(report.maps.map((m) => m.name), ['events', 'emitted']);
  });

  it('--program picks the entry point; --maps-dump prints the maps', async () => {
    const { io, out } = memoryIo(files);
    assert.equal(await main(['run', 'tail.o', '--program', 'xdp_dispatch', '--pcap', 'traffic.pcap', '--maps-dump'], io), 0, out.stderr);
    assert.match(out.stdout, /^XDP_PASS +972\nXDP_DROP +28\n/);
    assert.match(out.stdout, /map dispatch \(prog_array\): 3 entries/);
  });

  it('usage errors exit 2; a missing program exits 1 with one line', async () => {
    let { io, out } = memoryIo(files);
    assert.equal(await main(['run', 'drop.o'], io), 2);
    assert.match(out.stderr, /give either --pcap IN or --ctx FILE/);
    ({ io, out } = memoryIo(files));
    assert.equal(await main(['run', 'tail.o', '--program', 'nope', '--pcap', 'traffic.pcap'], io), 1);
    assert.equal(out.stderr.trim().split('\n').length, 1);
    assert.match(out.stderr, /^tsbpf: .*no program matches nope/);
  });
});

describe('tsbpf run: the license rule', () => {
  it('refuses GPL-only helpers without a GPL-compatible license, in the kernel\'s words', async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'test/fixtures/ebpf-samples/manifest.json'), 'utf8')) as
      { programs: { object: string; error?: string[] }[] };
    const kernel = manifest.programs.find((p) => p.object === 'build/perf_event_array.o')!;
    const obj = file('test/fixtures/ebpf-samples/build/perf_event_array.o');
    let { io, out } = memoryIo({ ...files, 'p.o': obj });
    assert.equal(await main(['run', 'p.o', '--pcap', 'traffic.pcap'], io), 1);
    assert.ok(out.stderr.includes(kernel.error![0]!), out.stderr);
    ({ io, out } = memoryIo({ ...files, 'p.o': obj }));
    assert.equal(await main(['run', 'p.o', '--pcap', 'traffic.pcap', '--license', 'Dual MIT/GPL'], io), 0, out.stderr);
  });
});

describe('tsbpf run OBJ --ctx', () => {
  it('runs a raw tracepoint on a context blob and prints r0 as the kernel returned it', async () => {
    const runs = (JSON.parse(readFileSync(join(root, 'test/runtime/golden/raw_tp_args.json'), 'utf8')) as { runs: { ctx: string; retval: number }[] }).runs;
    const { io, out } = memoryIo({ 'tp.o': file('examples/raw_tp_args.o'), 'ctx.bin': new Uint8Array(Buffer.from(runs[0]!.ctx, 'hex')) });
    assert.equal(await main(['run', 'tp.o', '--ctx', 'ctx.bin', '--maps-dump'], io), 0, out.stderr);
    assert.match(out.stdout, new RegExp(`^r0 = 0x${runs[0]!.retval.toString(16)} \\(${runs[0]!.retval}\\)\ninstructions: \\d+\n`));
    // -ERANGE (-34) from probe_read_kernel, printed through the map's BTF value type (__s64).
    assert.match(out.stdout, /map probe \(array\): 2 entries\n  0 = -34\n/);
  });
});

describe('tsbpf maps / disasm on objects', () => {
  it('lists declared maps', async () => {
    const { io, out } = memoryIo(files);
    assert.equal(await main(['maps', 'tail.o'], io), 0);
    assert.match(out.stdout, /^name +type +key +value +max_entries +flags +section\ndispatch +prog_array +4 +4 +256 +0x0 +\.maps\nhandled +array +4 +8 +256/);
  });

  it('disassembles every program of an object', async () => {
    const { io, out } = memoryIo(files);
    assert.equal(await main(['disasm', 'tail.o'], io), 0, out.stderr);
    const headers = out.stdout.split('\n').filter((l) => /^xdp\//.test(l));
    assert.deepEqual(headers.map((h) => h.split(':')[0]), ['xdp/handle_tcp', 'xdp/handle_udp', 'xdp/handle_icmp', 'xdp/xdp_dispatch']);
  });
});
