/**
 * The classic-to-JavaScript compiler against the classic interpreter (the kernel's semantics): the
 * same verdict for every tcpdump-compiled program of the filter goldens on every packet of the
 * classic helper's captures, for hand-written programs that exercise every operation and the
 * out-of-bounds, division-by-zero and shift rules, and the fallbacks (extensions, negative offsets).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileClassic, parseClassicProgram } from '../../src/classic/index.js';
import { compileClassicJs } from '../../src/classic-jit/compile-js.js';
import { assembleBpfAsm } from '../../src/text/bpf-asm.js';
import { parseCapture } from '../../src/pcap/index.js';
import type { PacketRecord } from '../../src/pcap/index.js';

const ROOT = join(import.meta.dirname, '../..');
const golden = JSON.parse(readFileSync(join(ROOT, 'test/golden/filter/tcpdump-filter.json'), 'utf8')) as {
  cases: { capture: string; expr: string; program: string }[];
};
const packetsOf = (file: string): PacketRecord[] =>
  parseCapture(new Uint8Array(readFileSync(join(ROOT, file)))).items.filter((i): i is PacketRecord => i.kind === 'packet');

test('compiled tcpdump programs agree with the interpreter on every packet', () => {
  const byCapture = new Map<string, PacketRecord[]>();
  let compiled = 0;
  for (const c of golden.cases) {
    let packets = byCapture.get(c.capture);
    if (!packets) byCapture.set(c.capture, (packets = packetsOf(c.capture)));
    const prog = parseClassicProgram(c.program, c.expr, 'bpf_asm-output');
    const js = compileClassicJs(prog);
    if (!js) continue;
    compiled++;
    const interp = compileClassic(prog);
    for (const p of packets) {
      const v = js(p.data, 0, p.data.length, p.origLen);
      if (v === -1) continue;
      assert.equal(v, interp(p.data, { len: p.origLen }), `${c.capture} '${c.expr}' packet ${p.index}`);
    }
  }
  assert.ok(compiled > golden.cases.length * 0.95, `${compiled} of ${golden.cases.length} compiled`);
});

test('every operation, out-of-bounds loads, division by zero, shifts by X ≥ 32', () => {
  const programs = [
    'ld [0]\nadd #7\nsub x\nmul #3\nor #0x10\nand #0xff0f\nxor #5\nlsh #3\nrsh #1\nneg\nret a',
    'ldx #3\nld #100\ndiv x\nmod #7\nret a',
    'ldx #0\nld #100\ndiv x\nret #9',
    'ldx #0\nld #100\nmod x\nret #9',
    'ldx #33\nld #1\nlsh x\nret a',
    'ldx #40\nld #0x80000000\nrsh x\nret a',
    'ld [60]\nret #1',
    'ldh [59]\nret #1',
    'ldb [59]\nret a',
    'ldxb 4*([14]&0xf)\nldh [x + 14]\nret a',
    'ldx #1000\nldb [x + 0]\nret #1',
    'ld #len\nst M[3]\nldx M[3]\ntxa\nadd #1\ntax\nstx M[15]\nld M[15]\nret a',
    'ld [12]\njgt #0x08000000, big, small\nbig: ret #1\nsmall: jset #0xff, yes\nret #2\nyes: jge x, done\nret #3\ndone: ret #4',
    'ldh [12]\njeq #0x800, ipv4\nja other\nipv4: ret #100\nother: ret #-1',
  ];
  const packets = [new Uint8Array(60).map((_, i) => i * 7), new Uint8Array(14), new Uint8Array(0),
    Uint8Array.from({ length: 64 }, (_, i) => (i === 12 ? 8 : i === 14 ? 0x45 : i * 3))];
  for (const src of programs) {
    const prog = assembleBpfAsm(src);
    const js = compileClassicJs(prog);
    assert.ok(js, src);
    const interp = compileClassic(prog);
    for (const p of packets) {
      for (const len of [p.length, 1500]) assert.equal(js(p, 0, p.length, len), interp(p, { len }), `${src} on ${p.length} bytes`);
      // In place, at an offset inside a larger buffer.
      const big = new Uint8Array(p.length + 10);
      big.set(p, 10);
      assert.equal(js(big, 10, p.length, p.length), interp(p, { len: p.length }));
    }
  }
});

test('programs that need metadata stay with the interpreter; negative indirect offsets fall back per packet', () => {
  assert.equal(compileClassicJs(assembleBpfAsm('ld #proto\nret a')), undefined);
  assert.equal(compileClassicJs(assembleBpfAsm('ldb [-1048576]\nret a')), undefined);
  const js = compileClassicJs(assembleBpfAsm('ldx #0xfffffff0\nldb [x + 0]\nret a'))!;
  assert.equal(js(new Uint8Array(20), 0, 20, 20), -1);
});
