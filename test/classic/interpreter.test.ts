/**
 * Run-time semantics of the classic interpreter (classic-tools.md §A3.2, §A3.5; net/core/filter.c):
 * loads are big-endian and out-of-bounds loads return 0, DIV/MOD by X = 0 return 0, shifts by X are
 * masked with 31 (libpcap: 0 for X >= 32), negative offsets resolve against the network / MAC
 * header, extensions read the metadata, and no allocation or copying is needed per packet.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileClassic, decodeClassic, type CompileOptions } from '../../src/classic/interpreter.js';
import { LinkType, type SkbMeta } from '../../src/classic/skb.js';
import { DecodeError, VmError } from '../../src/errors.js';
import { assembleBpfAsm } from '../../src/text/bpf-asm.js';

const run = (src: string, pkt: number[] | Uint8Array = [], meta?: SkbMeta, o?: CompileOptions): number =>
  compileClassic(assembleBpfAsm(src), o)(pkt instanceof Uint8Array ? pkt : new Uint8Array(pkt), meta);

test('loads: big-endian, bounds checked (out of bounds → return 0)', () => {
  const p = [0x12, 0x34, 0x56, 0x78, 0x9a];
  assert.equal(run('ld [0]\nret a', p), 0x12345678);
  assert.equal(run('ld [1]\nret a', p), 0x3456789a);
  assert.equal(run('ld [2]\nret a', p), 0);
  assert.equal(run('ldh [3]\nret a', p), 0x789a);
  assert.equal(run('ldh [4]\nret #7', p), 0);
  assert.equal(run('ldb [4]\nret a', p), 0x9a);
  assert.equal(run('ldb [5]\nret #7', p), 0);
  assert.equal(run('ldx #2\nldh [x + 1]\nret a', p), 0x789a);
  assert.equal(run('ldx #2\nld [x + 1]\nret #7', p), 0);
  assert.equal(run('ldxb 4*([0]&0xf)\ntxa\nret a', p), 8);
  assert.equal(run('ldxb 4*([9]&0xf)\nret #7', p), 0);
  // X + k wraps in 32 bits on Linux (the helper takes an int offset); libpcap checks the true sum.
  assert.equal(run('ldx #0xffffffff\nldb [x + 2]\nret a', p), 0x34);
  assert.equal(run('ldx #0xffffffff\nldb [x + 2]\nret #7', p, undefined, { semantics: 'libpcap' }), 0);
  // ld #len is the wire length; loads see only the captured bytes.
  assert.equal(run('ld #len\nret a', p, { len: 1500 }), 1500);
  assert.equal(run('ldx len\ntxa\nret a', p), 5);
});

test('packets are read in place from a subarray', () => {
  const buf = new Uint8Array([0xff, 0xff, 1, 2, 3, 4, 0xee]);
  assert.equal(run('ld [0]\nret a', buf.subarray(2, 6)), 0x01020304);
  assert.equal(run('ldb [4]\nret #9', buf.subarray(2, 6)), 0);
});

test('ALU: unsigned 32-bit, DIV/MOD by X = 0 returns 0, shifts by X masked', () => {
  assert.equal(run('ld #0xffffffff\nadd #2\nret a'), 1);
  assert.equal(run('ld #1\nsub #2\nret a'), 0xffffffff);
  assert.equal(run('ld #0x10000\nmul #0x10001\nret a'), 0x10000);
  assert.equal(run('ld #0xffffffff\ndiv #2\nret a'), 0x7fffffff);
  assert.equal(run('ld #0xfffffffe\nmod #7\nret a'), 0xfffffffe % 7);
  assert.equal(run('ld #9\nldx #0\ndiv x\nret #5'), 0);
  assert.equal(run('ld #9\nldx #0\nmod x\nret #5'), 0);
  assert.equal(run('ld #1\nneg\nret a'), 0xffffffff);
  assert.equal(run('ld #0x80000001\nldx #33\nlsh x\nret a'), 2); // 33 & 31 = 1
  assert.equal(run('ld #0x80000000\nldx #63\nrsh x\nret a'), 1);
  assert.equal(run('ld #0x80000001\nldx #33\nlsh x\nret a', [], undefined, { semantics: 'libpcap' }), 0);
  assert.equal(run('ld #0x80000000\nldx #32\nrsh x\nret a', [], undefined, { semantics: 'libpcap' }), 0);
  assert.equal(run('ld #0xf0\nand #0x3c\nor #1\nxor #0xff\nret a'), (((0xf0 & 0x3c) | 1) ^ 0xff));
});

test('jumps compare unsigned; M[] cells; tax/txa; ret x', () => {
  assert.equal(run('ld #0x80000000\njgt #1, yes\nret #0\nyes: ret #1'), 1);
  assert.equal(run('ld #5\nldx #5\njge x, yes\nret #0\nyes: ret #1'), 1);
  assert.equal(run('ld #6\njset #9, yes\nret #0\nyes: ret #1'), 0);
  assert.equal(run('ld #3\nst M[15]\nldx M[15]\nld #0\ntxa\ntax\nret x'), 3);
});

test('negative offsets: SKF_NET_OFF from the network header, SKF_LL_OFF from the MAC header', () => {
  const eth = new Uint8Array(60);
  eth.set([0x08, 0x00], 12);
  eth[14] = 0x45;
  eth[23] = 17;
  assert.equal(run('ldb [-1048576]\nret a', eth), 0x45); // network header = 14
  assert.equal(run('ldb [-1048567]\nret a', eth), 17);
  assert.equal(run('ldh [-2097140]\nret a', eth), 0x0800); // MAC header + 12
  assert.equal(run('ldb [-1048576]\nret a', eth, { netOff: 23 }), 17);
  assert.equal(run('ldb [-2097152]\nret #3', eth, { macOff: null }), 0);
  assert.equal(run('ldb [-1048576]\nret #3', eth, undefined, { semantics: 'libpcap' }), 0);
  const raw = new Uint8Array([0x60, 0, 0, 0]);
  assert.equal(run('ldb [-1048576]\nret a', raw, undefined, { linkType: LinkType.RAW }), 0x60);
  assert.equal(run('ldb [-2097152]\nret #3', raw, undefined, { linkType: LinkType.RAW }), 0);
  assert.equal(run('ldb [-3000000]\nret #3', eth), 0);
});

test('extensions read the metadata, or defaults derived from the headers', () => {
  const eth = new Uint8Array(100);
  eth.fill(0xff, 0, 6); // broadcast
  eth.set([0x86, 0xdd], 12);
  eth[14] = 0x60;
  eth[20] = 6; // IPv6 next header: TCP
  eth[54 + 12] = 0x80; // TCP data offset 8 words
  assert.equal(run('ld #proto\nret a', eth), 0x86dd);
  assert.equal(run('ld #type\nret a', eth), 1); // PACKET_BROADCAST
  assert.equal(run('ld #hatype\nret a', eth), 1); // ARPHRD_ETHER
  assert.equal(run('ld #ifidx\nret a', eth), 1);
  assert.equal(run('ld #poff\nret a', eth), 14 + 40 + 32);
  const meta: SkbMeta = { protocol: 0x800, pktType: 4, ifindex: 9, hatype: 772, mark: 0xdeadbeef, queue: 3, rxhash: 77, cpu: 1,
    vlanTci: 0xe064, vlanPresent: true, vlanTpid: 0x8100, payOffset: 5, random: () => 0xabcdef };
  const cases: [string, number][] = [['proto', 0x800], ['type', 4], ['ifidx', 9], ['hatype', 772], ['mark', 0xdeadbeef], ['queue', 3],
    ['rxhash', 77], ['cpu', 1], ['vlan_tci', 0xe064], ['vlan_avail', 1], ['vlan_tpid', 0x8100], ['poff', 5], ['rand', 0xabcdef]];
  for (const [name, v] of cases) assert.equal(run(`ldb #${name}\nret a`, eth, meta), v, name); // the size is ignored
  assert.equal(run('ld #3\nldx #5\nld [0xfffff028]\nret a', eth), 6); // SKF_AD_ALU_XOR_X: A ^= X
  assert.equal(run('ld #42\nld #ifidx\nret #1', eth, { ifindex: null }), 42); // no device: exit with r0 = A
  // libpcap: ancillary offsets are out of bounds, except ldb vlan with aux data
  assert.equal(run('ld #proto\nret #1', eth, undefined, { semantics: 'libpcap' }), 0);
  assert.equal(run('ldb #vlan_avail\nret a', eth, { vlanPresent: true }, { semantics: 'libpcap' }), 1);
  assert.equal(run('ldb #vlan_tci\nret #1', eth, undefined, { semantics: 'libpcap' }), 0);
});

test('netlink attribute search (#nla, #nlan)', () => {
  // {len 8, type 1, u32}, {len 12, type 2|NESTED, {len 8, type 3, u32}}
  const nl = new Uint8Array([8, 0, 1, 0, 1, 2, 3, 4, 12, 0, 2, 0x80, 8, 0, 3, 0, 9, 9, 9, 9]);
  assert.equal(run('ld #0\nldx #2\nld #nla\nret a', nl), 8);
  assert.equal(run('ld #0\nldx #1\nld #nla\nret a', nl), 0);
  assert.equal(run('ld #0\nldx #7\nld #nla\nret a', nl), 0);
  assert.equal(run('ld #8\nldx #3\nld #nlan\nret a', nl), 12);
  assert.equal(run('ld #8\nldx #4\nld #nlan\nret a', nl), 0);
  assert.equal(run('ld #100\nldx #1\nld #nla\nret a', nl), 0);
});

test('backward jumps (libpcap protochain) run under a loop budget; bad programs fail at decode', () => {
  assert.equal(run('ld #0\nloop: add #1\njge #5, done\nja loop\ndone: ret a'), 5);
  assert.throws(() => run('loop: ja loop\nret #0', [], undefined, { loopBudget: 1000 }), VmError);
  assert.throws(() => decodeClassic([{ code: 0xff, jt: 0, jf: 0, k: 0 }]), DecodeError);
  assert.throws(() => decodeClassic([{ code: 0x15, jt: 5, jf: 0, k: 0 }, { code: 6, jt: 0, jf: 0, k: 0 }]), DecodeError);
  assert.throws(() => decodeClassic([{ code: 0x60, jt: 0, jf: 0, k: 16 }, { code: 6, jt: 0, jf: 0, k: 0 }]), DecodeError);
  assert.throws(() => decodeClassic([{ code: 0x00, jt: 0, jf: 0, k: 0 }]), DecodeError);
});
