/**
 * Packets per second of the XDP per-protocol counter (examples/xdp_counter.o) over a 1M-packet
 * capture: the example's traffic mix, written as one pcap in memory and read back with the pcap
 * reader (not timed), then every packet through `ObjectInstance.runPacket` — context and packet
 * set-up, the program, the hash-map helper calls — as `tsbpf run OBJ --pcap` does it; with the
 * interpreter and with the JIT (the default) as the instance's engine.
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
    // The capture's 1M packets occupy ~150 MB, so every packet comes from memory, not cache; the
    // same 1M runs over its first 10,000 packets (1.5 MB, repeated) show the cost of the runtime
    // and the program without that.
    const resident = frames.slice(0, DISTINCT);
    for (const [what, list, rounds] of [['packets', frames, 1], ['runs over 10,000 cached packets', resident, PACKETS / DISTINCT]] as const) {
      for (const [name, engine] of Object.entries(ENGINES)) {
        const inst = new ObjectInstance(object, { engine });
        const index = inst.findProgram({ program: 'xdp_count' });
        let insns = 0;
        const ns = bestOf(reps, () => {
          insns = 0;
          for (let r = 0; r < rounds; r++) for (const f of list) insns += inst.runPacket(index, f, { copyOut: false }).insnCount;
        });
        const runs = list.length * rounds;
        const pps = (runs / ns) * 1e9;
        lines.push(`xdp_counter.o, ${runs.toLocaleString('en-US')} ${what} (${name}): ${Math.round(pps).toLocaleString('en-US')} packets/s, `
          + `${(ns / runs).toFixed(0)} ns/packet, ${(ns / insns).toFixed(1)} ns/insn (${(insns / runs).toFixed(1)} insns/packet, best of ${reps})`);
      }
    }
    return lines.join('\n     ');
  },
};
