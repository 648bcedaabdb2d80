/**
 * Debugger sessions driven by command files (`tsbpf dbg CMDFILE OUTFILE`) against transcripts written
 * from bpf_dbg's documented commands and printf formats (classic-tools.md A2): the register dump,
 * `%#08x` (0 prints as 00000000), the packet dump (`%3u: ` + `%02x ` per byte), `dump` (`%#04x`,
 * `%#010x`), breakpoints, `run` summaries, the fixed messages. Packet bytes come from tshark's facts
 * for the fixture (test/golden/pcap/facts.json), not from tsbpf.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

const ROOT = join(import.meta.dirname, '../..');
const FIX = join(ROOT, 'test/fixtures/pcap');
const facts = JSON.parse(readFileSync(join(ROOT, 'test/golden/pcap/facts.json'), 'utf8')) as {
  files: Record<string, { packets: { hex: string; len: number; caplen: number }[] }>;
};
const dir = mkdtempSync(join(tmpdir(), 'tsbpf-dbg-'));

/** bpf_dbg's packet dump of packet n (1-based) of a fixture, from tshark's bytes. */
function packetDump(file: string, n: number): string {
  const p = facts.files[file]!.packets[n - 1]!;
  const bytes = p.hex.match(/../g)!;
  let s = '-- packet dump --\n' + (p.caplen !== p.len ? `cap: ${p.caplen}, len: ${p.len}\n` : `len: ${p.len}\n`);
  for (let i = 0; i < bytes.length; i += 16) s += `${String(i).padStart(3)}: ${bytes.slice(i, i + 16).map((b) => b + ' ').join('')}\n`;
  return s;
}

function io(): Io & { out: string; err: string } {
  const x = {
    out: '', err: '', isTTY: false,
    stdout: (t: string) => { x.out += t; },
    stderr: (t: string) => { x.err += t; },
    readFile: async (p: string) => new Uint8Array(readFileSync(p)),
    writeFile: async (p: string, d: Uint8Array | string) => writeFileSync(p, d),
  };
  return x;
}

async function session(name: string, commands: string): Promise<string> {
  const cmd = join(dir, `${name}.cmd`);
  const out = join(dir, `${name}.out`);
  writeFileSync(cmd, commands);
  const x = io();
  assert.equal(await main(['dbg', cmd, out], x), 0, x.err);
  return readFileSync(out, 'utf8');
}

const EN = join(FIX, 'en10mb.pcap');

test('session: disassemble, dump, breakpoints, step, step back, run', async () => {
  const got = await session('basic', [
    'load bpf 4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0',
    `load pcap ${EN}`,
    'disassemble', 'disassemble 1', 'dump',
    'breakpoint 1', 'breakpoint 1', 'breakpoint',
    'step', 'step', 'step -1', 'step 3',
    'run', 'breakpoint reset', 'breakpoint', 'run',
    'quit', 'step',
  ].join('\n') + '\n');
  const regs0 =
    '-- register dump --\n' +
    'pc:       [0]\n' +
    'code:     [40] jt[0] jf[0] k[12]\n' +
    'curr:     l0:\tldh [12]\n' +
    'A:        [00000000][0]\n' +
    'X:        [00000000][0]\n' +
    'M[0,15]:  [00000000][0]\n';
  const regs1 =
    '-- register dump --\n' +
    'pc:       [1]\n' +
    'code:     [21] jt[0] jf[1] k[2048]\n' +
    'curr:     l1:\tjeq #0x800, l2, l3\n' +
    'jt:       l2:\tret #0x40000\n' +
    'jf:       l3:\tret #0\n' +
    'A:        [0x000800][2048]\n' +
    'X:        [00000000][0]\n' +
    'M[0,15]:  [00000000][0]\n';
  const expected =
    'l0:\tldh [12]\nl1:\tjeq #0x800, l2, l3\nl2:\tret #0x40000\nl3:\tret #0\n' +
    'l1:\tjeq #0x800, l2, l3\n' +
    '/* { op, jt, jf, k }, */\n' +
    '{ 0x28,  0,  0, 0x0000000c },\n{ 0x15,  0,  1, 0x00000800 },\n{ 0x06,  0,  0, 0x00040000 },\n{ 0x06,  0,  0, 0000000000 },\n' +
    'breakpoint at: l1:\tjeq #0x800, l2, l3\n' +
    'breakpoint already set!\nbreakpoint at: l1:\tjeq #0x800, l2, l3\n' +
    'breakpoints: 1 \n' +
    // step: dump before l0, execute it; step: dump before l1
    regs0 + packetDump('en10mb.pcap', 1) + '(breakpoint)\n' +
    regs1 + packetDump('en10mb.pcap', 1) + '(breakpoint)\n' +
    // step -1: back to the state before l0 (two executed, one back, then one step)
    regs0 + packetDump('en10mb.pcap', 1) + '(breakpoint)\n' +
    // step 3: l1 and l2 (ret) execute silently; the packet is done
    '(next packet)\n' +
    // run: stops at the breakpoint on l1 of packet 2
    regs1 + packetDump('en10mb.pcap', 2) + '(breakpoint)\n' +
    'breakpoints: \n' +
    // run: packets 2..6 — IPv4 UDP, IPv6, IPv4 ICMP, ARP, 802.1Q
    'bpf passes:2 fails:3\n';
  assert.equal(got, expected);
});

test('session: bpf_dbg messages for bad programs, missing inputs, selection', async () => {
  const tiny = join(dir, 'tiny.pcap');
  writeFileSync(tiny, new Uint8Array(24));
  const got = await session('messages', [
    'step', 'run', 'dump',
    'load bpf 2 6 0 0 0', 'load bpf 0,6 0 0 0', 'load bpf 5000,6 0 0 0',
    'load bpf 2,6 0 0 0,6 0 0', 'load bpf 1,6 0 0 0,6 0 0 0', 'load bpf 3,6 0 0 0,6 0 0 0,',
    'load bpf 2,6 0 0 0,5 0 0 7', 'disassemble',
    'load bpf 2,0 0 0 0,6 0 0 0,', 'step',
    `load pcap ${join(dir, 'missing.pcap')}`, `load pcap ${dir}`, `load pcap ${tiny}`,
    'load', 'load xyz',
    'frobnicate',
    `load pcap ${EN}`, 'select 0', 'select 99', 'select 6', 'step 2',
  ].join('\n') + '\n');
  const expected =
    'no bpf program loaded!\nno bpf program loaded!\nno bpf program loaded!\n' +
    'syntax error in head length encoding!\nsyntax error in head length encoding!\nsyntax error in head length encoding!\n' +
    'syntax error at instruction 1!\nprogram exceeds encoded length!\nsyntax error exceeding encoded length!\n' +
    'program not allowed to run by kernel!\nno bpf program loaded!\n' +
    'no pcap file loaded!\n' +
    'cannot open pcap [No such file or directory]!\nnot a regular pcap file, duh!\npcap file too small!\n' +
    'bpf <code>:  load bpf code\npcap <file>: load pcap file\nebpf <file>: load ebpf program\n' +
    'bpf <code>:  load bpf code\npcap <file>: load pcap file\nebpf <file>: load ebpf program\n' +
    'packet count starts with 1, clamping!\nno packet #99 available!\n' +
    // packet 6 (802.1Q): `ld #0` at l0, then the dump before l1 (ret #0)
    '-- register dump --\n' +
    'pc:       [1]\n' +
    'code:     [6] jt[0] jf[0] k[0]\n' +
    'curr:     l1:\tret #0\n' +
    'A:        [00000000][0]\n' +
    'X:        [00000000][0]\n' +
    'M[0,15]:  [00000000][0]\n' +
    packetDump('en10mb.pcap', 6) + '(breakpoint)\n' +
    '(going back to first packet)\n';
  assert.equal(got, expected);
});

test('session: scratch memory, caplen below len, loads, returns ≥ 2^31 count as passes', async () => {
  const got = await session('memory', [
    // ld #5; st M[3]; ldx #0x800; stx M[15]; ld [0]; ret a
    'load bpf 6,0 0 0 5,2 0 0 3,1 0 0 2048,3 0 0 15,32 0 0 0,22 0 0 0',
    `load pcap ${join(FIX, 'en10mb-snap40.pcap')}`,
    'step 5', 'step',
    'load bpf 1,6 0 0 4294967295', 'run', 'run 2',
  ].join('\n') + '\n');
  const expected =
    '-- register dump --\n' +
    'pc:       [4]\n' +
    'code:     [32] jt[0] jf[0] k[0]\n' +
    'curr:     l4:\tld [0]\n' +
    'A:        [0x000005][5]\n' +
    'X:        [0x000800][2048]\n' +
    'M[3]: [0x000005][5]\n' +
    'M[15]: [0x000800][2048]\n' +
    packetDump('en10mb-snap40.pcap', 1) + '(breakpoint)\n' +
    '-- register dump --\n' +
    'pc:       [5]\n' +
    'code:     [22] jt[0] jf[0] k[0]\n' +
    'curr:     l5:\tret a\n' +
    // the first word of the packet, 02 00 00 00
    'A:        [0x2000000][33554432]\n' +
    'X:        [0x000800][2048]\n' +
    'M[3]: [0x000005][5]\n' +
    'M[15]: [0x000800][2048]\n' +
    packetDump('en10mb-snap40.pcap', 1) + '(breakpoint)\n' +
    '(next packet)\n' +
    // loading a program keeps the current packet (2), so the run covers packets 2..6; then rewinds
    'bpf passes:5 fails:0\n' +
    'bpf passes:2 fails:0\n';
  assert.equal(got, expected);
});

test('session: out-of-bounds loads return 0 like the kernel', async () => {
  // ld [100] on a 40-byte capture; ret #1
  const got = await session('oob', [
    'load bpf 2,32 0 0 100,6 0 0 1', `load pcap ${join(FIX, 'en10mb-snap40.pcap')}`, 'run',
  ].join('\n') + '\n');
  assert.equal(got, 'bpf passes:0 fails:6\n');
});

test('session: an eBPF program — registers r0..r10, the stack, stepping both ways', async () => {
  const src = join(dir, 'prog.s');
  writeFileSync(src, 'ldabsh 12\nmov %r3, 7\nstxdw [%r10-8], %r3\nexit\n');
  const got = await session('ebpf', [
    `load ebpf ${src}`, `load pcap ${EN}`, 'disassemble', 'step 3', 'step -1', 'step 2', 'run',
  ].join('\n') + '\n');
  const lines = got.split('\n');
  assert.deepEqual(lines.slice(0, 4), ['l0:\t(28) r0 = *(u16 *)skb[12]', 'l1:\t(b7) r3 = 7', 'l2:\t(7b) *(u64 *)(r10 -8) = r3', 'l3:\t(95) exit']);
  const dumps = got.split('-- register dump --\n').slice(1);
  assert.equal(dumps.length, 3);
  const [beforeStore, back, beforeExit] = dumps as [string, string, string];
  // step 3: l0, l1 run; the dump is before l2 (the store has not happened)
  assert.match(beforeStore, /^pc: {7}\[2\]\n/);
  assert.match(beforeStore, /\nr0: {7}\[0x0000000000000800\]\[2048\]\n/);
  assert.match(beforeStore, /\nr2: {7}\[0x0000000000000036\]\[54\]\n/); // caplen of packet 1
  assert.match(beforeStore, /\nr3: {7}\[0x0000000000000007\]\[7\]\n/);
  assert.match(beforeStore, /\n-- stack dump --\nfp-512\.\.fp-1: all zero\n/);
  // step -1 with three executed: back to one executed, then the dump before l1
  assert.match(back, /^pc: {7}\[1\]\n/);
  assert.match(back, /\nr3: {7}\[0x0000000000000000\]\[0\]\n/);
  // step 2: l1 ran in the step before; l2 runs silently, the dump is before exit
  assert.match(beforeExit, /^pc: {7}\[3\]\n/);
  assert.match(beforeExit, /\ncurr: {5}l3:\t\(95\) exit\n/);
  assert.match(beforeExit, /\n-- stack dump --\nfp- 16: 00 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00\n-- packet dump --\n/);
  assert.ok(beforeExit.includes('(breakpoint)\n(next packet)\n'));
  // run from packet 2: r0 is the ethertype, non-zero for all five
  assert.ok(got.endsWith('bpf passes:5 fails:0\n'), got.slice(-200));
});

test('completion: command words (bpf_dbg), load sub-commands and file names', async () => {
  const { completeCommand } = await import('../../src/debugger/commands.js');
  const files = (prefix: string) => ['test/fixtures/', 'test/golden/'].filter((f) => f.startsWith(prefix));
  assert.deepEqual(completeCommand('di', files), [['disassemble'], 'di']);
  assert.deepEqual(completeCommand('', files)[0], ['load', 'select', 'step', 'run', 'breakpoint', 'disassemble', 'dump', 'quit']);
  assert.deepEqual(completeCommand('s', files)[0], ['select', 'step']);
  assert.deepEqual(completeCommand('load p', files), [['pcap'], 'p']);
  assert.deepEqual(completeCommand('load pcap test/f', files), [['test/fixtures/'], 'test/f']);
});
