/**
 * The classic interpreter against the Linux kernel itself (test/golden/classic/kernel-runs.json, from
 * scripts/gen-kernel-cbpf-goldens.sh): probe programs ran as socket filters on a veth pair, and an
 * AF_PACKET socket received each frame with min(return value, length) bytes, or not at all for 0.
 * The model gets what the kernel knew besides the bytes: the receiving ifindex, the packet type it
 * reported, and — for 802.1Q frames, which the receive path untags before filters run — the tag.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileClassic } from '../../src/classic/interpreter.js';
import type { SkbMeta } from '../../src/classic/skb.js';
import { compileClassicToEbpf } from '../../src/classic/to-ebpf.js';
import { assembleBpfAsm } from '../../src/text/bpf-asm.js';
import { parseBpfAsmOutput } from '../../src/text/classic-disasm.js';

interface Observation { len: number; pkttype: number }
const golden = JSON.parse(readFileSync(new URL('../golden/classic/kernel-runs.json', import.meta.url), 'utf8')) as {
  kernel: string; rxIfindex: number; frames: string[]; probes: { src: string; results: (Observation | null)[] }[];
  random: { prog: string; results: (Observation | null)[] }[];
};

function frameAndMeta(hex: string): { bytes: Uint8Array; meta: SkbMeta } {
  const b = Uint8Array.from(hex.match(/../g)!.map((x) => Number.parseInt(x, 16)));
  const meta: SkbMeta = { ifindex: golden.rxIfindex };
  if (b[12] === 0x81 && b[13] === 0x00) {
    const tci = (b[14]! << 8) | b[15]!;
    return { bytes: new Uint8Array([...b.subarray(0, 12), ...b.subarray(16)]), meta: { ...meta, vlanPresent: true, vlanTci: tci, vlanTpid: 0x8100 } };
  }
  return { bytes: b, meta };
}

const programs = [
  ...golden.probes.map((p) => ({ what: JSON.stringify(p.src), prog: assembleBpfAsm(p.src), results: p.results })),
  ...golden.random.map((p, i) => ({ what: `random #${i} ${p.prog}`, prog: parseBpfAsmOutput(p.prog), results: p.results })),
];

for (const engine of ['interpreter', 'converted eBPF (VM interpreter)', 'converted eBPF (JIT)'] as const) {
  test(`${engine} returns what Linux ${golden.kernel} returned for every probe and random program on every frame`, () => {
    let compared = 0;
    for (const { what, prog, results } of programs) {
      const run = engine === 'interpreter' ? compileClassic(prog)
        : compileClassicToEbpf(prog, { engine: engine === 'converted eBPF (JIT)' ? 'jit' : 'interp' });
      golden.frames.forEach((hex, i) => {
        const { bytes, meta } = frameAndMeta(hex);
        const seen = results[i]!;
        // Frames the kernel dropped carry no packet type; any type gives the same verdict for them.
        const ret = run(bytes, { ...meta, pktType: seen?.pkttype ?? 0 });
        const expected = ret === 0 ? null : Math.min(ret, bytes.length);
        assert.equal(expected, seen === null ? null : seen.len, `${what} on frame ${i}: we return ${ret}`);
        compared++;
      });
    }
    assert.ok(compared > 4000);
  });
}
