/**
 * Probe programs × frames run in the kernel (see gen-kernel-cbpf-goldens.sh). Each probe makes one
 * run-time rule visible in the received length: out-of-bounds loads, DIV/MOD by X = 0, shift
 * masking, X + k wrap-around, SKF_NET_OFF / SKF_LL_OFF, and every extension whose value the
 * packet and its delivery determine. Frames carrying an 802.1Q tag are untagged by the receive
 * path before the filter runs (the tag moves to skb metadata), which the probes observe.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleBpfAsm, formatBpfAsm } from '../src/text/bpf-asm.js';
import { prng, randomClassicProgram } from '../test/classic/random-programs.js';

export const PROBES = [
  'ld #len\nret a',
  'ldb [20]\nadd #1\nret a', 'ldh [59]\nadd #1\nret a', 'ld [96]\nand #0x3ff\nadd #1\nret a', 'ld [0x7fffffff]\nret #100',
  'ldx #6\nldb [x + 14]\nadd #1\nret a', 'ldx #0xffffffff\nldb [x + 15]\nadd #1\nret a', 'ldx #0xfffffff0\nldh [x + 30]\nand #0x3ff\nadd #1\nret a',
  'ldx #0x80000000\nldb [x + 0]\nret #100', 'ldx #100\nld [x + 0]\nand #0x3ff\nadd #1\nret a',
  'ld #9\nldx #0\ndiv x\nret #77', 'ld #9\nldx #0\nmod x\nret #77', 'ld #100\nldx #7\nmod x\nadd #1\nret a', 'ld #100\nldx #7\ndiv x\nret a',
  'ld #0x80000001\nldx #33\nlsh x\nand #0x3ff\nadd #1\nret a', 'ld #0x80000000\nldx #62\nrsh x\nadd #1\nret a',
  'ld #0xffffffff\nldx #32\nrsh x\nand #0x3ff\nadd #1\nret a', 'ld #5\nneg\nand #0x3ff\nret a',
  'ldb [-1048576]\nadd #1\nret a', 'ldb [-1048567]\nadd #1\nret a', 'ldh [-1048574]\nand #0x3ff\nadd #1\nret a',
  'ldh [-2097140]\nand #0x3ff\nadd #1\nret a', 'ldb [-2097152]\nadd #1\nret a', 'ldb [-3000000]\nret #100', 'ldb [-1048577]\nret #100',
  'ldx #0xfff00000\nldb [x + 9]\nadd #1\nret a', 'ldxb 4*([-1048576]&0xf)\ntxa\nadd #1\nret a', 'ldxb 4*([14]&0xf)\ntxa\nadd #1\nret a',
  'ld #proto\nand #0x3ff\nadd #1\nret a', 'ld #proto\nrsh #8\nadd #1\nret a', 'ld #type\nadd #1\nret a', 'ld #ifidx\nand #0x3ff\nadd #1\nret a',
  'ld #hatype\nand #0x3ff\nadd #1\nret a', 'ld #mark\nadd #1\nret a', 'ld #vlan_tci\nand #0x3ff\nadd #1\nret a',
  'ld #vlan_tci\nrsh #10\nadd #1\nret a', 'ld #vlan_avail\nadd #1\nret a', 'ld #vlan_tpid\nand #0x3ff\nadd #1\nret a',
  'ld #poff\nadd #1\nret a', 'ld #cpu\nret #50', 'ld #rand\nret #50', 'ld #3\nldx #5\nld [0xfffff028]\nadd #1\nret a',
  'ld #14\nldx #2\nld #nla\nadd #1\nret a', 'ld #14\nldx #9\nld #nla\nadd #1\nret a', 'ld #22\nldx #3\nld #nlan\nadd #1\nret a',
  'ld #42\nld #queue\nret #50',
];

const hex = (b: number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join('');
const mac = (s: string): number[] => s.split(':').map((x) => Number.parseInt(x, 16));
const u16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const RX = mac(process.env.RX_MAC!);
const SRC = [0x02, 0, 0, 0, 0, 1];

function ipv4(proto: number, body: number[], opts: { ihl?: number; frag?: number } = {}): number[] {
  const ihl = opts.ihl ?? 5;
  return [0x40 | ihl, 0, ...u16(ihl * 4 + body.length), 0, 1, ...u16(opts.frag ?? 0), 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ...Array((ihl - 5) * 4).fill(1), ...body];
}
const tcp = (doff: number, payload: number): number[] => [0, 80, 0x1f, 0x90, 0, 0, 0, 1, 0, 0, 0, 0, doff << 4, 0x12, 1, 0, 0, 0, 0, 0,
  ...Array((doff - 5) * 4).fill(0), ...Array(payload).fill(0x61)];
const udp = (payload: number): number[] => [0, 53, 0, 53, ...u16(8 + payload), 0, 0, ...Array(payload).fill(0x62)];
const eth = (dst: number[], type: number, body: number[]): number[] => [...dst, ...SRC, ...u16(type), ...body];
const v6 = (next: number, body: number[]): number[] => [0x60, 0, 0, 0, ...u16(body.length), next, 64, ...Array(15).fill(0), 1, ...Array(15).fill(0), 2, ...body];
// netlink-style attributes (host order): {len 8, type 1, u32}, {len 12, type 2|NESTED, {len 8, type 3, u32}}
const nla = [8, 0, 1, 0, 1, 2, 3, 4, 12, 0, 2, 0x80, 8, 0, 3, 0, 9, 9, 9, 9];

export const FRAMES: number[][] = [
  eth(RX, 0x0800, ipv4(6, tcp(8, 40))),
  eth(RX, 0x0800, ipv4(17, udp(1000), { ihl: 6 })),
  eth(RX, 0x86dd, v6(6, tcp(5, 10))),
  eth(RX, 0x0800, ipv4(1, [8, 0, 0, 0, 0, 1, 0, 1, ...Array(30).fill(0)])),
  eth(RX, 0x0800, ipv4(17, udp(20), { frag: 0x00b9 })),
  eth([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 0x0806, [0, 1, 8, 0, 6, 4, 0, 1, ...SRC, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2]),
  eth([0x01, 0x00, 0x5e, 0, 0, 1], 0x0800, ipv4(2, [0x11, 0, 0, 0, 224, 0, 0, 1])),
  eth([0x02, 0, 0, 0, 0, 9], 0x0800, ipv4(6, tcp(5, 0))),
  eth(RX, 0x8100, [...u16(0x2064), ...u16(0x0800), ...ipv4(17, udp(30))]),
  eth(RX, 0x8100, [...u16(0xa00a), ...u16(0x86dd), ...v6(17, udp(4))]),
  eth(RX, 0x88b5, [...nla, ...Array(20).fill(0)]),
  eth(RX, 0x0040, [0xaa, 0xaa, 3, 0, 0, 0, 0x08, 0x00, 1, 2, 3, 4]),
  eth(RX, 0x0800, [0x45, 0]),
  eth(RX, 0x0800, ipv4(6, [0, 80, 0x1f, 0x90, 0, 0, 0, 1, 0, 0])), // TCP header cut short
];

// Besides the probes, seeded random programs that pass the checker (every form, corner values).
const r = prng(0xc1a55);
const RANDOM = Array.from({ length: 300 }, () => formatBpfAsm(randomClassicProgram(r)).trim());

const work = process.env.WORK!;
writeFileSync(join(work, 'programs'), [...PROBES.map((p) => formatBpfAsm(assembleBpfAsm(p)).trim()), ...RANDOM].map((l) => l + '\n').join(''));
writeFileSync(join(work, 'frames'), FRAMES.map((f) => hex(f) + '\n').join(''));
const out = JSON.parse(execFileSync(process.env.RUNNER!, ['tsbpf-tx', 'tsbpf-rx', join(work, 'programs'), join(work, 'frames')], { encoding: 'utf8' })) as {
  rx_ifindex: number; results: unknown[][];
};
writeFileSync(new URL('../test/golden/classic/kernel-runs.json', import.meta.url), JSON.stringify({
  generator: 'scripts/gen-kernel-cbpf-goldens.sh', kernel: process.env.KERNEL, rxIfindex: out.rx_ifindex,
  frames: FRAMES.map(hex), probes: PROBES.map((src, i) => ({ src, results: out.results[i] })),
  random: RANDOM.map((prog, i) => ({ prog, results: out.results[PROBES.length + i] })),
}, null, 0).replace(/\},\{"(src|prog)"/g, '},\n{"$1"') + '\n');
console.error(`${PROBES.length} probes and ${RANDOM.length} random programs × ${FRAMES.length} frames`);
