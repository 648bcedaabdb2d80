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

// --- What system calls do under filters (x86_64) ------------------------------------------------------
const file = (f: string): string => formatBpfAsm(parseSockFilterBytes(new Uint8Array(readFileSync(new URL(f, dir))))).trim();
const asm = (src: string): string => formatBpfAsm(assembleBpfAsm(src)).trim();
const FILTERS: Record<string, string> = {
  allowlist: file('x86_64-allowlist.bpf'),
  tree: file('x86_64-tree.bpf'),
  denylist: file('aarch64-denylist.bpf'), // aarch64 only: on x86_64 every call meets the bad-arch action
  actions: asm(`ld [0]
jeq #39, errmax
jeq #110, trace
jeq #102, notif
jeq #104, unknown
jeq #107, logit
jeq #186, trap
jeq #24, kthread
jeq #111, errnum
ret #0x7fff0000
errmax: ret #0x5ffff
trace: ret #0x7ff00005
notif: ret #0x7fc00000
unknown: ret #0x00010000
logit: ret #0x7ffc0000
trap: ret #0x30000
kthread: ret #0
errnum: ret #0x50021`),
  args: asm(`ld [0]
jeq #95, chk
ret #0x7fff0000
chk: ld [20]
jeq #1, hi
ld [16]
jeq #18, lo
ret #0x7fff0000
hi: ret #0x50007
lo: ret #0x50008`),
  len: asm('ld #len\njeq #64, ok\nret #0\nok: ldx len\ntxa\njeq #64, ok2\nret #0\nok2: ld [4]\njeq #0xc000003e, ok3\nret #0\nok3: ret #0x7fff0000'),
  errno5: asm('ld [0]\njeq #1, wr\nret #0x7fff0000\nwr: ld [16]\njeq #2, ok\nret #0x50005\nok: ret #0x7fff0000'),
};
const CALLS: [string, number, string][] = [
  ['getpid', 39, ''], ['getppid', 110, ''], ['getuid', 102, ''], ['getgid', 104, ''], ['geteuid', 107, ''], ['gettid', 186, ''],
  ['sched_yield', 24, ''], ['getpgrp', 111, ''], ['umask', 95, '18'], ['umask', 95, '0x100000012'], ['umask', 95, '0x12'],
  ['write', 1, '1,0,0'], ['write', 1, '2,0,0'], ['write', 1, '5,0,0'], ['read', 0, '5,0,0'], ['socket', 41, '1,1,0'], ['socket', 41, '2,1,0'],
  ['mmap', 9, '0,4096,3,0x22,0xffffffffffffffff,0'], ['mmap', 9, '0,4096,7,0x22,0xffffffffffffffff,0'], ['lseek', 8, '3,0x100000000,0'],
  ['lseek', 8, '3,1,0'], ['ptrace', 101, '0xffff,0,0,0'], ['kill', 62, '0,0'], ['ioctl', 16, '5,0x5401,0'], ['getuid', 102, '0x1,0x2,0x3,0x4,0x5,0x6'],
];
const STACKS: string[][] = [['allowlist'], ['tree'], ['denylist'], ['actions'], ['args'], ['len'], ['errno5'], ['actions', 'args'],
  ['args', 'actions'], ['allowlist', 'actions'], ['tree', 'errno5'], ['errno5', 'allowlist'], ['len', 'tree', 'actions']];
const runs = STACKS.flatMap((stack) => CALLS.map(([name, nr, args]) => ({ stack, name, nr, args })));
const results = execFileSync(process.env.RUNNER!, [], {
  input: runs.map((r) => [r.nr, r.args || '-', ...r.stack.map((f) => FILTERS[f]!)].join('\t') + '\n').join(''), encoding: 'utf8',
}).trim().split('\n');
writeFileSync(new URL('kernel-runs.json', dir), JSON.stringify({
  generator: 'scripts/gen-seccomp-kernel-goldens.sh', kernel: process.env.KERNEL, arch: 'x86_64', filters: FILTERS,
  runs: runs.map((r, i) => ({ ...r, outcome: results[i] })),
}, null, 0).replace(/\},\{"stack"/g, '},\n{"stack"') + '\n');
console.error(`${runs.length} calls under filter stacks`);
