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
import { type BenchSection, measure } from './section.js';

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
    const reps = Math.min(ctx.reps, 5);
    const lines: string[] = [];
    // The capture's 1M packets occupy ~150 MB, so every packet comes from memory, not cache; the
    // same 1M runs over its first 10,000 packets (1.5 MB, repeated) show the cost of the runtime
    // and the program without that.
    const resident = frames.slice(0, DISTINCT);
    for (const [what, list, rounds] of [['packets', frames, 1], ['runs over 10,000 cached packets', resident, PACKETS / DISTINCT]] as const) {
      const engines = Object.entries(ENGINES).map(([name, engine]) => {
        const inst = new ObjectInstance(object, { engine });
        return { name, inst, index: inst.findProgram({ program: 'xdp_count' }), wallNs: Infinity, cpuNs: Infinity, insns: 0 };
      });
      // Engines alternate from repetition to repetition, so a busy spell on the machine does not
      // fall on one of them only; best wall and CPU time of each.
      for (let rep = 0; rep < reps; rep++) {
        for (const e of engines) {
          const time = measure(1, () => {
            e.insns = 0;
            for (let r = 0; r < rounds; r++) for (const f of list) e.insns += e.inst.runPacket(e.index, f, { copyOut: false }).insnCount;
          });
          e.wallNs = Math.min(e.wallNs, time.wallNs);
          e.cpuNs = Math.min(e.cpuNs, time.cpuNs);
        }
      }
      const runs = list.length * rounds;
      for (const e of engines) {
        lines.push(`xdp_counter.o, ${runs.toLocaleString('en-US')} ${what} (${e.name}): ${Math.round((runs / e.wallNs) * 1e9).toLocaleString('en-US')} packets/s, `
          + `${(e.wallNs / runs).toFixed(0)} ns/packet (CPU ${(e.cpuNs / runs).toFixed(0)}), ${(e.wallNs / e.insns).toFixed(1)} ns/insn (${(e.insns / runs).toFixed(1)} insns/packet, best of ${reps})`);
      }
    }
    return lines.join('\n     ');
  },
};
