/**
 * The playground's runs over a capture against their references: `tsbpf run OBJ --pcap CAP
 * --maps-dump` (itself checked against BPF_PROG_TEST_RUN) for eBPF objects and assembly, tcpdump's
 * own counts (test/golden/filter/tcpdump-filter.json) and `tsbpf filter` for expressions and
 * classic programs; and the runs that stop early: instruction limit, damaged capture.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES } from '../../web/src/session/examples.js';
import { runCapture } from '../../web/src/session/run.js';
import { cli, repoFile, ROOT, scratch, TRAFFIC } from './session-cli.js';

const traffic = { name: 'traffic.pcap', bytes: repoFile(TRAFFIC) };
const objectExamples = EXAMPLES.flatMap((e) => (e.input.kind === 'object' ? [e.input.file] : []));

describe('session runCapture: eBPF', () => {
  it('runs every packet-type example object as tsbpf run --pcap --maps-dump does (JIT)', async () => {
    let compared = 0;
    for (const file of objectExamples) {
      const reference = await cli(['run', `examples/${file}`, '--pcap', TRAFFIC, '--maps-dump']);
      if (reference.code !== 0) continue; // raw_tp_args.o takes a context, not packets
      const progress: number[] = [];
      const r = runCapture({ kind: 'object', bytes: repoFile(`examples/${file}`), name: file }, traffic, {}, (f) => progress.push(f));
      assert.equal(r.error, undefined, file);
      assert.equal(r.summary, reference.stdout, file);
      assert.equal(r.packets, 1000, file);
      assert.equal(progress.at(-1), 1, file);
      compared++;
    }
    assert.ok(compared >= 9, `${compared} objects compared`);
  });

  it('gives the same counts in the interpreter', async () => {
    for (const file of ['xdp_counter.o', 'socket_filter.o']) {
      const reference = await cli(['run', `examples/${file}`, '--pcap', TRAFFIC, '--maps-dump', '--engine', 'interp']);
      const r = runCapture({ kind: 'object', bytes: repoFile(`examples/${file}`), name: file }, traffic, { engine: 'interp' });
      assert.equal(r.summary, reference.stdout, file);
      assert.equal(r.engine, 'interp');
    }
  });

  it('runs assembly as a one-program object of its directives\' type', () => {
    const example = EXAMPLES.find((e) => e.id === 'xdp-bounds')!;
    const r = runCapture(example.input as { kind: 'ebpf-asm'; text: string }, traffic);
    // The program returns byte 12 of the frame (the EtherType's high byte), which is not one of
    // the XDP_* codes (0-4) in this capture, so the histogram names the numbers themselves.
    assert.equal(r.packets, 1000);
    const ethertypes = new Map<string, number>();
    for (const p of readPackets(traffic.bytes)) {
      assert.ok(p.length >= 14 && p[12]! > 4);
      ethertypes.set(String(p[12]), (ethertypes.get(String(p[12])) ?? 0) + 1);
    }
    assert.deepEqual(r.histogram, Object.fromEntries(ethertypes));
  });

  it('stops at the instruction limit with a clear message, keeping the counts so far', () => {
    const r = runCapture({ kind: 'object', bytes: repoFile('examples/xdp_counter.o'), name: 'xdp_counter.o' }, traffic, { limit: 5 });
    assert.equal(r.runs, 0);
    assert.equal(r.error?.kind, 'VmError');
    assert.match(r.error!.message, /packet 1: instruction limit of 5 reached — the program ran too long/);
    assert.equal(typeof r.error!.pc, 'number');
  });

  it('runs the packets before a damaged part of the capture and says where it is', async () => {
    const cut = traffic.bytes.subarray(0, 20000);
    const r = runCapture({ kind: 'object', bytes: repoFile('examples/xdp_counter.o'), name: 'xdp_counter.o' }, { name: 'cut.pcap', bytes: cut });
    assert.equal(r.error?.kind, 'PcapError');
    assert.equal(typeof r.error!.offset, 'number');
    // tsbpf filter reports how many packets it judged before the damage: the same packets.
    const dir = scratch({ 'cut.pcap': cut });
    const reference = await cli(['filter', '1,6 0 0 262144', '-r', join(dir, 'cut.pcap')]);
    assert.equal(reference.code, 1);
    assert.equal(`${r.runs}/${r.runs}\n`, reference.stdout);
    assert.ok(r.runs > 0 && r.runs < 1000);
  });
});

/** The packets of a classic pcap (the test's own minimal reader, independent of src/pcap). */
function readPackets(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(view.getUint32(0, true), 0xa1b2c3d4);
  const out: Uint8Array[] = [];
  for (let at = 24; at + 16 <= bytes.length;) {
    const caplen = view.getUint32(at + 8, true);
    out.push(bytes.subarray(at + 16, at + 16 + caplen));
    at += 16 + caplen;
  }
  return out;
}

describe('session runCapture: classic programs and expressions', () => {
  const goldens = (JSON.parse(readFileSync(join(ROOT, 'test/golden/filter/tcpdump-filter.json'), 'utf8')) as {
    cases: { capture: string; expr: string; accepted: number }[];
  }).cases.filter((c) => c.capture.endsWith('packets-EN10MB.pcap') && c.expr !== '').slice(0, 25);

  it('accepts as many packets as tcpdump for its expressions', () => {
    const capture = { name: 'packets-EN10MB.pcap', bytes: repoFile('test/golden/classic/packets-EN10MB.pcap') };
    assert.ok(goldens.length >= 10);
    for (const g of goldens) {
      const r = runCapture({ kind: 'filter', text: g.expr }, capture);
      assert.equal(r.histogram.KEEP ?? 0, g.accepted, g.expr);
      assert.equal(r.packets, 400, g.expr);
    }
  });

  it('counts the filter and classic examples as tsbpf filter does, with both engines', async () => {
    for (const e of EXAMPLES.filter((x) => x.input.kind === 'filter' || x.input.kind === 'classic-asm')) {
      const input = e.input as { kind: 'filter' | 'classic-asm'; text: string };
      const args = input.kind === 'filter' ? input.text.split(' ') : [join(scratch({ 'prog.bpf': input.text }), 'prog.bpf')];
      for (const engine of ['jit', 'interp'] as const) {
        const reference = await cli(['filter', ...args, '-r', join(ROOT, TRAFFIC), '--engine', engine]);
        assert.equal(reference.code, 0, e.id);
        const r = runCapture(input, traffic, { engine });
        assert.equal(r.summary, reference.stdout, `${e.id} ${engine}`);
      }
    }
  });
});
