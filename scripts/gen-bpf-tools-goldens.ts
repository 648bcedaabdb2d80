/**
 * Records the kernel's bpf_asm and bpf_dbg (built by scripts/gen-bpf-tools-goldens.sh; paths in
 * $BPF_ASM and $BPF_DBG) into test/golden/bpf_tools/:
 * - bpf_asm.json: for each source (quirk cases + bpf_asm source printed from every tcpdump golden
 *   program), stdout/stderr/exit of `bpf_asm` and `bpf_asm -c`;
 * - bpf_dbg.json: for each program (every tcpdump golden program + programs aimed at each checker
 *   rule), what `load bpf` answered (the running kernel's verdict via SO_ATTACH_FILTER) and the
 *   `disassemble` listing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBpfAsm } from '../src/text/bpf-asm.js';
import { formatBpfAsmSource, parseBpfAsmOutput, parseTcpdumpDdd } from '../src/text/classic-disasm.js';
import { prng, randomClassicProgram } from '../test/classic/random-programs.js';

const BPF_ASM = process.env.BPF_ASM!;
const BPF_DBG = process.env.BPF_DBG!;
const OUT = new URL('../test/golden/bpf_tools/', import.meta.url);
mkdirSync(OUT, { recursive: true });

interface Case { expr: string; linkType: string; ddd?: string[]; O_ddd?: string[] }
const golden = JSON.parse(readFileSync(new URL('../test/golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as { cases: Case[] };
const programs = new Map<string, string>(); // bpf_asm-output line -> description
for (const c of golden.cases) {
  for (const ddd of [c.ddd, c.O_ddd]) {
    if (!ddd) continue;
    const line = formatBpfAsm(parseTcpdumpDdd(ddd.join('\n'))).trim();
    if (!programs.has(line)) programs.set(line, `${c.linkType}${ddd === c.ddd ? '' : ' -O'} '${c.expr}'`);
  }
}
// Seeded random checked programs (every form, corner constants, negative offsets); bpf_dbg refuses
// extension loads, so half of them use none.
const r = prng(0xa5a5);
for (let n = 0; n < 300; n++) {
  const line = formatBpfAsm(randomClassicProgram(r, { extensions: n % 2 === 0 })).trim();
  if (!programs.has(line)) programs.set(line, `random #${n}`);
}

// --- bpf_asm ---------------------------------------------------------------------------------------
const QUIRKS = [
  'ldh [12]\njne #0x800, drop\nldb [23]\njneq #6, drop\nldh [20]\njset #0x1fff, drop\nldxb 4 * ([14] & 0xf)\nldh [x + 14]\njeq #22, pass\nldh [x + 16]\njne #22, drop\npass: ret #-1\ndrop: ret #0\n',
  'LD [12]\nRet #0\n', 'ld m[3] ret #0', 'ret #0 ldi 5 ret a', '# comment\nret #1 ; trailing\n/* block\n comment */ ret #2',
  'ld\n#len\nret a', 'ld\n#len \nret a', '#\nret #0', 'ld #proto\nldh proto\nldb #PROTO\nret #0',
  'ld #type ld #ifidx ld #nla ld #nlan ld #mark ld #queue ld #hatype ld #rxhash ld #cpu ld #vlan_tci ld #vlan_pr ld #vlan_avail ld #poff ld #rand ld #vlan_tpid ret a',
  'ldb [3]\nldh [x + 2]\nld [%x + -4]\nld #len\nld len\nld #7\nldi #7\nldi 7\nld M[99]\nldx #5\nldxi 5\nldx len\nldx M[3]\nldx 4*([14]&0xf)\nst M[1]\nstx M[2]\nret #0',
  'add #1\nsub x\nmul %x\ndiv #0\nmod #3\nand #1\nor x\nxor #1\nlsh #2\nrsh x\nneg\ntax\ntxa\nret a\nret %a\nret x',
  'ld #-1\nld #+5\nld #0x1F\nld #0X1f\nld #0b101\nld #0B11\nld #017\nld #0\nld #4294967296\nld #0xffffffffff\nld #99999999999999999999999\nld #-99999999999999999999999\nret #0',
  'top: ld #1\nja top\nret #0', 'jeq #1, yes\nret #0\nyes: ret #1', 'jeq x, yes, no\nno: ret #0\nyes: ret #1', 'jlt #5, big\nret #0\nbig: ret #1',
  'jle x, big\nret #0\nbig: ret #1', 'jneq #5, big\nret #0\nbig: ret #1', 'jne %x, big\nret #0\nbig: ret #1', 'jgt #1, aa, aa\naa: ret #0\naa: ret #1',
  'jset #1, L1\nL1: ret #0', 'jge #1, L_1, L2\nL_1: ret #0\nL2: ret #1', 'jmp end\nend: ret #0', 'ja end\nld #1\nend: ret #0',
  'ldh [x+14]\nret #0', 'ld #08', 'e: ret #0', 'ret #0 // no', '/* x **/ ret #0', '/***/ ret #0', '', '\n', 'ld: ret #0',
  'jlt #1, aa, bb\naa: ret #0\nbb: ret #1', 'ld [x]', 'ldh #1', 'jmp nolabel\nret #0', 'ldxb 2*([14]&0xf)\nret #0',
  'back: ld #1\njeq #1, back\nret #0', `jeq #1, far\n${'ld #0\n'.repeat(256)}far: ret #0`, `jeq #1, far\n${'ld #0\n'.repeat(255)}far: ret #0`,
  'ret #0\n'.repeat(4097), 'ret #0\n'.repeat(4096), 'ret #0\r\n', 'ldx 4*([14]&0xf)\nret #0', 'ldxb 4*([14]&15)\nret #0', 'ld [-4096] ret a',
  'lab: ret #0', 'lab :ret #0', 'a: ret #0', 'ret #0\nxx:', 'ld [x + 0xffffffff]\nret a', 'ld M [ 3 ]\nret a', '  #indented\nret #0',
];
const sources = [...QUIRKS.map((s) => ({ what: 'quirk', src: s })), ...[...programs].map(([line, what]) => ({ what, src: formatBpfAsmSource(parseBpfAsmOutput(line)) }))];
function runAsm(src: string, c: boolean): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(BPF_ASM, c ? ['-c'] : [], { input: src, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}
// Quirks keep their source and both outputs; printed golden programs keep only bpf_asm's output,
// which must equal the program (the source is formatBpfAsmSource of it, regenerated by the test).
const asmCases = sources.map(({ what, src }, i) => (i < QUIRKS.length
  ? { what, src, plain: runAsm(src, false), c: runAsm(src, true) }
  : { what, prog: [...programs.keys()][i - QUIRKS.length]!, out: runAsm(src, false).stdout }));
writeFileSync(new URL('bpf_asm.json', OUT), JSON.stringify({
  generator: 'scripts/gen-bpf-tools-goldens.sh', tool: 'bpf_asm from Debian linux-source-6.1', cases: asmCases,
}, null, 0).replace(/\},\{"what"/g, '},\n{"what"') + '\n');

// --- bpf_dbg ----------------------------------------------------------------------------------------
const assemble = (src: string): string => {
  const r = runAsm(src, false);
  if (r.status !== 0 || r.stdout === '') throw new Error(`bpf_asm failed on ${src}: ${r.stderr}`);
  return r.stdout.trim();
};
/** Programs aimed at each rule of the kernel's classic checker. */
const CHECKER: { what: string; prog: string }[] = [
  ...[
    'ret x', 'div #0\nret a', 'ld #1\nmod #0\nret a', 'div x\nmod x\nret a', 'lsh #32\nret a', 'rsh #0xffffffff\nret a', 'lsh #31\nrsh #31\nlsh x\nret a',
    'ld #1\nst M[16]\nret #0', 'ld M[99]\nret a', 'top: ld #1\nja top\nret #0', 'ld M[0]\nret a', 'st M[0]\nld M[0]\nret a',
    'jeq #1, ww, skip\nww: st M[3]\nskip: ldx M[3]\nret #0', 'jeq #1, ww, vv\nww: st M[3]\nja join\nvv: stx M[3]\njoin: ldx M[3]\nret #0',
    'st M[5]\njeq #1, a1, a2\na1: ld M[5]\na2: ret a', 'ld #1\nadd #1', 'ld #1\nja end\nend: tax', 'ld [0xfffff028]\nldh #proto\nldb #rand\nret a',
    'ld [-1048576]\nld [-2097152]\nret a', 'ld [0xfffff040]\nret a', 'ld [0xfffff002]\nret a', 'ld [0xfffff03c]\nret a', 'ld [0xffffefff]\nret a',
    'ldx len\nld #len\nldxb 4*([14]&0xf)\nmod x\nxor #1\nneg\ntax\ntxa\nret a', 'ldx #1\nld [x + 0xfffff000]\nret a', 'ldxb 4*([0xfffff000]&0xf)\nret a',
    'ret #0',
  ].map((s) => ({ what: s, prog: assemble(s) })),
  { what: 'LD|H|IMM (stray size bits)', prog: '2,8 0 0 0,6 0 0 0,' },
  { what: 'LDX|W|ABS (seccomp-internal)', prog: '2,33 0 0 0,6 0 0 0,' },
  { what: 'opcode 0xffff', prog: '2,65535 0 0 0,6 0 0 0,' },
  { what: 'RET|A with k set', prog: '1,22 0 0 5,' },
  { what: 'ja past the end', prog: '2,5 0 0 1,6 0 0 0,' },
  { what: 'jeq jt past the end', prog: '2,21 1 0 1,6 0 0 0,' },
  { what: 'jeq jf past the end', prog: '2,21 0 1 1,6 0 0 0,' },
  { what: 'JMP op 0x50 (eBPF jne)', prog: '3,85 0 0 1,6 0 0 0,6 0 0 1,' },
  { what: 'ALU op 0xb0 (eBPF mov)', prog: '2,180 0 0 1,22 0 0 0,' },
  { what: 'MISC 0x17', prog: '2,23 0 0 0,22 0 0 0,' },
];
const dbgPrograms = [...CHECKER, ...[...programs].filter(([, what]) => !what.includes(" -O '")).map(([prog, what]) => ({ what, prog }))];
const dir = mkdtempSync(join(tmpdir(), 'bpf-dbg-'));
const cmds = dbgPrograms.flatMap((p) => [`load bpf ${p.prog}`, 'disassemble']).join('\n') + '\nquit\n';
writeFileSync(join(dir, 'cmds'), cmds);
execFileSync(BPF_DBG, [join(dir, 'cmds'), join(dir, 'out')], { env: { ...process.env, HOME: dir } });
const transcript = readFileSync(join(dir, 'out'), 'utf8').split('\n> ');
// transcript[0] is the first prompt's text ("> load bpf …" without the leading separator).
const responses = transcript.map((block) => block.replace(/^> /, '').split('\n').slice(1).filter((l) => l !== ''));
const dbgCases = dbgPrograms.map((p, i) => ({ what: p.what, prog: p.prog, load: responses[2 * i]!.join('\n'), disassemble: responses[2 * i + 1]!.join('\n') }));
writeFileSync(new URL('bpf_dbg.json', OUT), JSON.stringify({
  generator: 'scripts/gen-bpf-tools-goldens.sh', tool: 'bpf_dbg from Debian linux-source-6.1', kernel: process.env.KERNEL, cases: dbgCases,
}, null, 0).replace(/\},\{"what"/g, '},\n{"what"') + '\n');
console.error(`bpf_asm: ${asmCases.length} sources, bpf_dbg: ${dbgCases.length} programs`);
