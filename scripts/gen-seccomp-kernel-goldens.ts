/** Programs for the kernel's seccomp_check_filter oracle (see gen-seccomp-kernel-goldens.sh). */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { assembleBpfAsm, formatBpfAsm } from '../src/text/bpf-asm.js';
import { parseSockFilterBytes } from '../src/text/classic-disasm.js';

const ALLOW = 'ret #0x7fff0000';
const sources: string[] = [
  ...Array.from({ length: 18 }, (_, i) => `ld [${i * 4}]\n${ALLOW}`), 'ld [2]\nret a', 'ld [63]\nret a', 'ld [64]\nret a', 'ld [0xffffffff]\nret a',
  'ldh [0]\nret a', 'ldb [0]\nret a', 'ldx #1\nld [x + 0]\nret a', 'ldx #1\nldh [x + 0]\nret a', 'ldxb 4*([0]&0xf)\nret a',
  'ld #len\nret a', 'ldx len\ntxa\nret a', 'ld #proto\nret a', 'ld [0xfffff028]\nret a', 'ld #rand\nret a', 'ld [-1048576]\nret a',
  'add #1\nsub x\nmul #2\ndiv #3\ndiv x\nand #1\nor x\nxor #1\nlsh #2\nrsh x\nneg\nret a', 'mod #3\nret a', 'mod x\nret a',
  'ld #1\nldx #2\ntax\ntxa\nst M[0]\nstx M[1]\nld M[0]\nldx M[1]\nret a', 'ja next\nnext: jeq #1, aa, bb\naa: jgt x, bb, bb\nbb: jge #1, cc, cc\ncc: jset x, dd, dd\ndd: ret a',
  'ret x', 'div #0\nret a', 'lsh #32\nret a', 'ld M[0]\nret a', 'ld #1', 'ret #0', ALLOW,
];
const programs = sources.map((src) => ({ what: src, prog: formatBpfAsm(assembleBpfAsm(src)).trim() }));
const dir = new URL('../test/golden/seccomp/', import.meta.url);
for (const f of readdirSync(dir).filter((n) => n.endsWith('.bpf')).sort()) {
  programs.push({ what: f, prog: formatBpfAsm(parseSockFilterBytes(new Uint8Array(readFileSync(new URL(f, dir))))).trim() });
}
const out = execFileSync(process.env.CHECKER!, [], { input: programs.map((p) => p.prog + '\n').join(''), encoding: 'utf8' }).trim().split('\n');
writeFileSync(new URL('kernel-check.json', dir), JSON.stringify({
  generator: 'scripts/gen-seccomp-kernel-goldens.sh', kernel: process.env.KERNEL,
  cases: programs.map((p, i) => ({ ...p, errno: Number(out[i]) })),
}, null, 0).replace(/\},\{"what"/g, '},\n{"what"') + '\n');
console.error(`${programs.length} programs`);
