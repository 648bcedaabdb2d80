/**
 * Packets per second of the XDP per-protocol counter (examples/xdp_counter.o) over a 1M-packet
 * capture: the example's traffic mix, written as one pcap in memory and read back with the pcap
 * reader (not timed), then every packet through `ObjectInstance.runPacket` — context and packet
 * set-up, the program, the hash-map helper calls — as `tsbpf run OBJ --pcap` does it; with the
 * interpreter and with the JIT as the instance's engine.
 */
import { readFileSync } from 'node:fs';
import { loadElf } from '../src/loader/object.js';
import { parseCapture, type PacketRecord } from '../src/pcap/index.js';
import { ENGINES } from '../src/runtime/engines.js';
import { ObjectInstance } from '../src/runtime/instance.js';
import { examplePackets, writePcap } from '../scripts/make-example-pcap.js';
import { bestOf, type BenchSection } from './section.js';

const PACKETS = 1_000_000;
const DISTINCT = 10_000;

function capture(): Uint8Array[] {
  const distinct = examplePackets(DISTINCT);
  const pcap = writePcap({ *[Symbol.iterator]() { for (let i = 0; i < PACKETS; i++) yield distinct[i % DISTINCT]!; } });
  return parseCapture(pcap).items.filter((i): i is PacketRecord => i.kind === 'packet').map((p) => p.data);
}

export const xdp: BenchSection = {
  name: 'xdp',
  async run(ctx) {
    const object = loadElf(new Uint8Array(readFileSync(new URL('../examples/xdp_counter.o', import.meta.url))));
    const frames = capture();
    const reps = Math.min(ctx.reps, 3);
    const lines: string[] = [];
    for (const [name, engine] of Object.entries(ENGINES)) {
      const inst = new ObjectInstance(object, { engine });
      const index = inst.findProgram({ program: 'xdp_count' });
      let insns = 0;
      const ns = bestOf(reps, () => {
        insns = 0;
        for (const f of frames) insns += inst.runPacket(index, f, { copyOut: false }).insnCount;
      });
      const pps = (frames.length / ns) * 1e9;
      lines.push(`xdp_counter.o over ${frames.length.toLocaleString('en-US')} packets (${name}): ${Math.round(pps).toLocaleString('en-US')} packets/s, `
        + `${(ns / frames.length).toFixed(0)} ns/packet, ${(ns / insns).toFixed(1)} ns/insn (${(insns / frames.length).toFixed(1)} insns/packet, best of ${reps})`);
    }
    return lines.join('\n     ');
  },
};
