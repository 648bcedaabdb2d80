/**
 * `tsbpf filter` against tcpdump 4.99 (test/golden/filter/tcpdump-filter.json, scripts/gen-filter-goldens.ts):
 * the program `tcpdump -r IN -ddd EXPR` prints, run by tsbpf over IN, accepts as many packets as
 * `tcpdump -r IN EXPR` and writes the same bytes as `tcpdump -r IN -w OUT EXPR`. Plus the CLI itself:
 * program forms, snap-length truncation, damaged captures, usage errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClassicProgram } from '../../src/classic/index.js';
import { makeVerdict } from '../../src/cli/filter.js';
import { compileFilter } from '../../src/filter/index.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { collectingOutput, filterChunks, parseCapture } from '../../src/pcap/index.js';
import type { PacketRecord } from '../../src/pcap/index.js';

const ROOT = join(import.meta.dirname, '../..');
const golden = JSON.parse(readFileSync(join(ROOT, 'test/golden/filter/tcpdump-filter.json'), 'utf8')) as {
  cases: { capture: string; expr: string; program: string; accepted: number; sha256: string }[];
};
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const captures = new Map<string, Uint8Array>();
const captureBytes = (file: string): Uint8Array => {
  let b = captures.get(file);
  if (!b) captures.set(file, (b = new Uint8Array(readFileSync(join(ROOT, file)))));
  return b;
};

for (const engine of ['interp', 'jit'] as const) test(`tcpdump -ddd programs (${engine}) accept what tcpdump accepts and write what tcpdump -w writes (${golden.cases.length} cases)`, () => {
  const failures: string[] = [];
  for (const c of golden.cases) {
    const prog = parseClassicProgram(c.program, c.expr, 'bpf_asm-output');
    const verdict = makeVerdict({ kind: 'classic', prog }, 262144, undefined, engine);
    const { out, bytes } = collectingOutput();
    const stats = filterChunks([captureBytes(c.capture)], verdict, { out });
    const written = bytes();
    if (stats.accepted !== c.accepted || sha256(written) !== c.sha256) {
      failures.push(`${c.capture} '${c.expr}': accepted ${stats.accepted} (tcpdump ${c.accepted})${sha256(written) === c.sha256 ? '' : ', different bytes'}`);
    }
  }
  assert.deepEqual(failures, []);
});

function captureIo(): Io & { out: string; err: string } {
  const io = {
    out: '', err: '', isTTY: false,
    stdout: (t: string) => { io.out += t; },
    stderr: (t: string) => { io.err += t; },
    readFile: async (p: string) => new Uint8Array(readFileSync(p)),
    writeFile: async (p: string, d: Uint8Array | string) => writeFileSync(p, d),
  };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'tsbpf-filter-'));
const FIX = join(ROOT, 'test/fixtures/pcap');

test('CLI: a -ddd file, bpf_asm source and inline bpf_asm output give tcpdump -w bytes', async () => {
  const c = golden.cases.find((x) => x.expr === 'tcp port 22' && x.capture.endsWith('packets-EN10MB.pcap'))!;
  const [count, ...insns] = c.program.split(',');
  const ddd = join(dir, 'prog.ddd');
  writeFileSync(ddd, `${count}\n${insns.join('\n')}\n`);
  for (const prog of [ddd, c.program]) {
    const io = captureIo();
    const outFile = join(dir, 'out.pcap');
    assert.equal(await main(['filter', prog, '-r', join(ROOT, c.capture), '-w', outFile], io), 0, io.err);
    assert.equal(io.out, `${c.accepted}/400\n`);
    assert.equal(sha256(new Uint8Array(readFileSync(outFile))), c.sha256);
  }
  const asm = join(dir, 'ip.bpf');
  writeFileSync(asm, 'ldh [12]\njneq #0x800, drop\nret #-1\ndrop: ret #0\n');
  const io = captureIo();
  assert.equal(await main(['filter', asm, '-r', join(FIX, 'en10mb.pcap'), '--count'], io), 0, io.err);
  assert.equal(io.out, '3\n'); // three IPv4 frames (the VLAN-tagged one has type 0x8100)
});

test('CLI: the return value is the snap length; original lengths and the input format are kept', async () => {
  for (const name of ['en10mb-nsec-be.pcap', 'two-interfaces.pcapng']) {
    const io = captureIo();
    const outFile = join(dir, `snap-${name}`);
    // ret #20 for everything: every packet kept, 20 bytes of it.
    assert.equal(await main(['filter', '1,6 0 0 20', '-r', join(FIX, name), '-w', outFile], io), 0, io.err);
    const src = parseCapture(new Uint8Array(readFileSync(join(FIX, name))));
    const got = parseCapture(new Uint8Array(readFileSync(outFile)));
    const pk = (items: typeof src.items) => items.filter((i): i is PacketRecord => i.kind === 'packet');
    assert.equal(got.format, src.format);
    assert.deepEqual(pk(got.items).map((p) => [p.data.length, p.origLen, p.tsHigh, p.tsLow, p.linkType, p.littleEndian, p.iface.unitsPerSecond]),
      pk(src.items).map((p) => [Math.min(20, p.data.length), p.origLen, p.tsHigh, p.tsLow, p.linkType, p.littleEndian, p.iface.unitsPerSecond]));
  }
});

test('CLI: a truncated capture writes every packet before the damage, then names the offset', async () => {
  const io = captureIo();
  const outFile = join(dir, 'trunc.pcap');
  assert.equal(await main(['filter', '1,6 0 0 262144', '-r', join(FIX, 'truncated-record.pcap'), '-w', outFile], io), 1);
  assert.equal(io.out, '5/5\n');
  assert.match(io.err, /^tsbpf: .*truncated-record\.pcap: offset 406: truncated packet 6/);
  assert.equal(io.err.split('\n').length, 2);
  const written = parseCapture(new Uint8Array(readFileSync(outFile)));
  assert.equal(written.items.filter((i) => i.kind === 'packet').length, 5);
});

test('CLI: an eBPF program sees r1 = packet, r2 = caplen, and LD_ABS', async () => {
  // Accept IPv4 (ethertype at 12) and return its caplen via r2: ldabsh 12; jne r0, 0x800, drop; r0 = r2.
  const src = join(dir, 'ip.s');
  writeFileSync(src, 'ldabsh 12\njne %r0, 0x800, +2\nmov %r0, %r2\nexit\nmov %r0, 0\nexit\n');
  for (const engine of ['interp', 'jit']) {
    const io = captureIo();
    assert.equal(await main(['filter', '--ebpf', '--engine', engine, src, '-r', join(FIX, 'en10mb.pcap')], io), 0, io.err);
    assert.equal(io.out, '3/6\n');
  }
});

test('CLI: usage and program errors are one line', async () => {
  const cases: [string[], number, RegExp][] = [
    [['filter', '1,6 0 0 0'], 2, /missing -r IN/],
    [['filter', '-r', join(FIX, 'en10mb.pcap')], 2, /missing program/],
    [['filter', '2,6 0 0 0,5 0 0 7', '-r', join(FIX, 'en10mb.pcap')], 1, /pc 1/],
    [['filter', '1,6 0 0 0', '-r', join(dir, 'nope.pcap')], 1, /nope\.pcap/],
  ];
  for (const [argv, code, re] of cases) {
    const io = captureIo();
    assert.equal(await main(argv, io), code, argv.join(' '));
    assert.match(io.err, re);
    assert.equal(io.err.trim().split('\n').length >= 1, true);
  }
});

// For DLT_NULL, libpcap compiles differently for a savefile (`tcpdump -r`: IPv6 is any of the BSD
// AF_INET6 values 24, 28, 30) than for `-y NULL` (Linux's 10), and compileFilter follows `-y`. The NULL
// capture is therefore left out here; the -ddd programs above cover it.
const SAVEFILE_DIFFERS = 'test/golden/classic/packets-NULL.pcap';

test('expressions compiled by tsbpf accept what tcpdump accepts and write the same bytes', () => {
  const failures: string[] = [];
  for (const c of golden.cases) {
    if (c.capture === SAVEFILE_DIFFERS) continue;
    const { out, bytes } = collectingOutput();
    let stats;
    try {
      stats = filterChunks([captureBytes(c.capture)], makeVerdict({ kind: 'expression', text: c.expr }, 262144, compileFilter), { out });
    } catch (e) {
      failures.push(`${c.capture} '${c.expr}': ${(e as Error).message}`);
      continue;
    }
    const written = bytes();
    if (stats.accepted !== c.accepted || sha256(written) !== c.sha256) {
      failures.push(`${c.capture} '${c.expr}': accepted ${stats.accepted} (tcpdump ${c.accepted})`);
    }
  }
  assert.deepEqual(failures, []);
});

test('CLI: an expression is compiled per link type of a pcapng with mixed interfaces', async () => {
  const x = captureIo();
  const outFile = join(dir, 'mixed.pcapng');
  assert.equal(await main(['filter', 'ip', '-r', join(FIX, 'two-interfaces.pcapng'), '-w', outFile], x), 0, x.err);
  // three IPv4 frames on the Ethernet interface (the 802.1Q one is not `ip`), three IPv4 packets on RAW
  assert.equal(x.out, '6/10\n');
  const got = parseCapture(new Uint8Array(readFileSync(outFile)));
  assert.deepEqual(got.items.filter((i): i is PacketRecord => i.kind === 'packet').map((p) => p.linkType).sort(), [1, 1, 1, 101, 101, 101]);
});

test('CLI: expression errors come before any output; unsupported link types name themselves', async () => {
  const x = captureIo();
  assert.equal(await main(['filter', 'tcp port', '-r', join(FIX, 'en10mb.pcap')], x), 1);
  assert.equal(x.out, '');
  assert.match(x.err, /^tsbpf: filter:1:9: syntax error/);
  const y = captureIo();
  assert.equal(await main(['filter', 'ip', '-r', join(FIX, 'sll2.pcap')], y), 1);
  assert.equal(y.out, '');
  assert.match(y.err, /unsupported link type 276/);
});
