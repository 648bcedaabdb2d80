/**
 * Programs for the libpcap oracle (see gen-libpcap-goldens.sh): seeded random programs (which pass
 * the kernel's checker; extensions and negative offsets included, which libpcap treats as
 * out-of-bounds), programs only libpcap accepts (backward jumps, loops), and programs aimed at
 * bpf_validate's rules. Frames: the first 48 packets of the EN10MB fixture, wire length = caplen + 4.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleBpfAsm, formatBpfAsm } from '../src/text/bpf-asm.js';
import { prng, randomClassicProgram } from '../test/classic/random-programs.js';

const pcap = new Uint8Array(readFileSync(new URL('../test/golden/classic/packets-EN10MB.pcap', import.meta.url)));
const view = new DataView(pcap.buffer);
const frames: string[] = [];
for (let o = 24; o + 16 <= pcap.length && frames.length < 48;) {
  const caplen = view.getUint32(o + 8, true);
  frames.push(Buffer.from(pcap.subarray(o + 16, o + 16 + caplen)).toString('hex'));
  o += 16 + caplen;
}
const r = prng(0x11b9ca9);
/** `run`: bpf_filter can execute it (it abort()s on RET X and unknown codes; some loops never end). */
const programs: { what: string; prog: string; run: boolean }[] = Array.from({ length: 400 }, (_, i) => ({
  what: `random #${i}`, prog: formatBpfAsm(randomClassicProgram(r)).trim(), run: true,
}));
const SOURCES = [
  'ld #0\nloop: add #1\njge #5, done\nja loop\ndone: ret a', 'ldb [14]\nand #0xf\ntax\nloop: txa\njeq #0, out\nsub #1\ntax\nja loop\nout: ret #9',
  'ret x', 'ld M[16]\nret a', 'st M[16]\nret a', 'div #0\nret a', 'mod #0\nret a', 'div x\nret a', 'lsh #32\nret a', 'ld #1\ntax',
  'ja far\nfar: ret #1', 'ld [0xfffff000]\nret a', 'ldb #vlan_avail\nret a', 'ldb #vlan_tci\nret a',
];
// bpf_filter's M[] is uninitialised stack memory, so `ld M[0]` first is checked, never run.
for (const src of SOURCES) programs.push({ what: src, prog: formatBpfAsm(assembleBpfAsm(src)).trim(), run: src !== 'ret x' });
programs.push({ what: 'ld M[0]\nret a', prog: formatBpfAsm(assembleBpfAsm('ld M[0]\nret a')).trim(), run: false });
for (const [what, prog] of [
  ['LD|H|IMM', '2,8 0 0 0,6 0 0 0,'], ['LD mode 0xc0', '2,192 0 0 0,6 0 0 0,'], ['ALU op 0xb0', '2,180 0 0 0,6 0 0 0,'],
  ['JMP op 0x50', '3,85 0 0 0,6 0 0 0,6 0 0 1,'], ['ja past the end', '2,5 0 0 1,6 0 0 0,'], ['jt past the end', '2,21 1 0 0,6 0 0 0,'],
  ['class 7 0x17', '2,23 0 0 0,22 0 0 0,'], ['RET with stray bits', '1,30 0 0 0,'], ['backward ja -1 (self loop)', '2,5 0 0 4294967295,6 0 0 0,'],
] as const) programs.push({ what, prog, run: false });

const work = process.env.WORK!;
writeFileSync(join(work, 'programs'), programs.map((p) => `${p.run ? 'R' : 'V'} ${p.prog}\n`).join(''));
writeFileSync(join(work, 'frames'), frames.map((f) => f + '\n').join(''));
const out = execFileSync(process.env.RUNNER!, [join(work, 'programs'), join(work, 'frames')], { encoding: 'utf8', timeout: 60000 }).trim().split('\n');
writeFileSync(new URL('../test/golden/classic/libpcap-runs.json', import.meta.url), JSON.stringify({
  generator: 'scripts/gen-libpcap-goldens.sh', libpcap: process.env.LIBPCAP, frames,
  programs: programs.map((p, i) => {
    const [verdict, ...results] = out[i]!.split(' ');
    return { what: p.what, prog: p.prog, verdict, results: results.map(Number) };
  }),
}, null, 0).replace(/\},\{"what"/g, '},\n{"what"') + '\n');
console.error(`${programs.length} programs × ${frames.length} frames`);
