/** `tsbpf asm --classic`, `tsbpf disasm --classic`: output formats, input formats, errors and exit codes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

function io(files: Record<string, string | Uint8Array>): { io: Io; out: () => string; err: () => string; written: Map<string, Uint8Array | string> } {
  let out = '';
  let err = '';
  const written = new Map<string, Uint8Array | string>();
  return {
    io: {
      stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false,
      readFile: async (p) => {
        const f = files[p];
        if (f === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: p });
        return typeof f === 'string' ? new TextEncoder().encode(f) : f;
      },
      writeFile: async (p, d) => { written.set(p, d); },
    },
    out: () => out, err: () => err, written,
  };
}

const SRC = 'ldh [12]\njne #0x800, drop\nret #-1\ndrop: ret #0\n';
const DDD = '4\n40 0 0 12\n21 0 1 2048\n6 0 0 4294967295\n6 0 0 0\n';

test('tsbpf asm --classic: bpf_asm output and -c', async () => {
  let c = io({ 'f.s': SRC });
  assert.equal(await main(['asm', '--classic', 'f.s'], c.io), 0);
  assert.equal(c.out(), '4,40 0 0 12,21 0 1 2048,6 0 0 4294967295,6 0 0 0,\n');
  c = io({ 'f.s': SRC });
  assert.equal(await main(['asm', 'f.s', '--classic', '-c'], c.io), 0);
  assert.equal(c.out(), '{ 0x28,  0,  0, 0x0000000c },\n{ 0x15,  0,  1, 0x00000800 },\n{ 0x06,  0,  0, 0xffffffff },\n{ 0x06,  0,  0, 0000000000 },\n');
  c = io({ 'f.s': 'jmp nowhere\nret #0\n' });
  assert.equal(await main(['asm', '--classic', 'f.s'], c.io), 1);
  assert.equal(c.err(), "tsbpf: f.s:1:5: no such label 'nowhere'\n");
  assert.equal(c.out(), '');
});

test('tsbpf disasm --classic: every output format from every input format', async () => {
  const formats: Record<string, string> = {
    tcpdump: '(000) ldh      [12]\n(001) jeq      #0x800           jt 2\tjf 3\n(002) ret      #-1\n(003) ret      #0\n',
    ddd: DDD,
    dd: '{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 1, 0x00000800 },\n{ 0x6, 0, 0, 0xffffffff },\n{ 0x6, 0, 0, 0x00000000 },\n',
    dbg: 'l0:\tldh [12]\nl1:\tjeq #0x800, l2, l3\nl2:\tret #0xffffffff\nl3:\tret #0\n',
    asm: '\tldh [12]\n\tjeq #0x800, l2, l3\nl2:\tret #4294967295\nl3:\tret #0\n',
    bpf_asm: '4,40 0 0 12,21 0 1 2048,6 0 0 4294967295,6 0 0 0,\n',
  };
  const raw = new Uint8Array([0x28, 0, 0, 0, 12, 0, 0, 0, 0x15, 0, 0, 1, 0, 8, 0, 0, 6, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 6, 0, 0, 0, 0, 0, 0, 0]);
  const inputs: Record<string, string | Uint8Array> = {
    'src.s': SRC, 'p.ddd': DDD, 'p.d': formats.tcpdump!, 'p.dd': formats.dd!, 'p.out': formats.bpf_asm!, 'p.bin': raw,
  };
  for (const input of Object.keys(inputs)) {
    for (const [format, expected] of Object.entries(formats)) {
      const c = io(inputs);
      assert.equal(await main(['disasm', '--classic', '--format', format, input], c.io), 0, `${input} → ${format}: ${c.err()}`);
      assert.equal(c.out(), expected, `${input} → ${format}`);
    }
  }
  const c = io(inputs);
  assert.equal(await main(['disasm', '--classic', '--format', 'raw', 'p.ddd', '-o', 'out.bin'], c.io), 0);
  assert.deepEqual(c.written.get('out.bin'), raw);
});

test('tsbpf disasm --classic: bad input names where', async () => {
  let c = io({ 'p.ddd': '3\n40 0 0 12\n6 0 0\n' });
  assert.equal(await main(['disasm', '--classic', 'p.ddd'], c.io), 1);
  assert.match(c.err(), /^tsbpf: p\.ddd:3:1: /);
  c = io({ 'p.bin': new Uint8Array([1, 0, 0, 0, 0, 0, 0]) });
  assert.equal(await main(['disasm', '--classic', '--from', 'raw', 'p.bin'], c.io), 1);
  assert.match(c.err(), /multiple of 8 bytes/);
  c = io({ 'p.bin': new Uint8Array([6, 0, 0, 0, 0, 0, 0, 0]) });
  assert.equal(await main(['disasm', '--classic', '--format', 'nope', 'p.bin'], c.io), 2);
});

test('tsbpf disasm --classic --format xlated prints the kernel-mapped eBPF program', async () => {
  const c = io({ 'f.s': 'ldh [12]\nret a\n' });
  assert.equal(await main(['disasm', '--classic', '--format', 'xlated', 'f.s'], c.io), 0);
  const lines = c.out().trimEnd().split('\n');
  // bpf_convert_filter: clear A and X, keep ctx in r6, cache data/headlen; ld_abs fast path, helper slow path.
  assert.deepEqual(lines.slice(0, 3), ['0: (ac) w0 ^= w0', '1: (ac) w7 ^= w7', '2: (bf) r6 = r1']);
  assert.equal(lines[6], '6: (1c) w9 -= w2');
  assert.match(lines[9]!, /^9: \(c5\) if r2 s< 0x2 goto pc\+3$/);
  assert.match(lines[17]!, /call bpf_skb_load_helper_16#/);
  assert.equal(lines.at(-1), '21: (95) exit');
});
