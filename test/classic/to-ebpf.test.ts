/**
 * cBPF → eBPF: for every golden tcpdump program and a set of hand-written programs using every Linux
 * extension, the classic interpreter and the converted program run by the eBPF VM return the same
 * value on every packet of the generated captures.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkClassic, ClassicCheckError } from '../../src/classic/checker.js';
import { compileClassic } from '../../src/classic/interpreter.js';
import { AUDIT_ARCH, compileSeccomp, seccompDataBytes, SYSCALL_TABLES } from '../../src/classic/seccomp.js';
import { LinkType, type SkbMeta } from '../../src/classic/skb.js';
import { compileClassicToEbpf, compileSeccompToEbpf, convertClassic } from '../../src/classic/to-ebpf.js';
import { assembleBpfAsm, formatBpfAsm } from '../../src/text/bpf-asm.js';
import { prng, randomClassicProgram } from './random-programs.js';
import { parseSockFilterBytes, parseTcpdumpDdd } from '../../src/text/classic-disasm.js';
import type { SockFilter } from '../../src/isa/classic.js';
import { readFixture } from './fixtures.js';

interface Case { expr: string; linkType: string; ddd?: string[]; O_ddd?: string[] }
const golden = JSON.parse(readFileSync(new URL('../golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as { cases: Case[] };
const LINK: Record<string, number> = { EN10MB: LinkType.EN10MB, RAW: LinkType.RAW, NULL: LinkType.NULL, LINUX_SLL: LinkType.LINUX_SLL };

function agree(prog: SockFilter[], linkType: number, packets: { data: Uint8Array; wire: number }[], what: string, metas: (SkbMeta | undefined)[] = [undefined]): number {
  const classic = compileClassic(prog, { linkType });
  // The VM's interpreter: the conversion is under test here (test/jit/classic.test.ts runs the JIT).
  const ebpf = compileClassicToEbpf(prog, { linkType, maxPacket: 4096, engine: 'interp' });
  let runs = 0;
  packets.forEach((p, i) => {
    for (const m of metas) {
      const meta = { len: p.wire, ...m };
      const a = classic(p.data, meta.random ? { ...meta, random: constant(0x9e3779b9 ^ i) } : meta);
      const b = ebpf(p.data, meta.random ? { ...meta, random: constant(0x9e3779b9 ^ i) } : meta);
      if (a !== b) assert.fail(`${what}: packet ${i}: classic ${a}, eBPF ${b}`);
      runs++;
    }
  });
  return runs;
}
const constant = (v: number) => () => v >>> 0;

for (const [name, linkType] of Object.entries(LINK)) {
  test(`classic and converted eBPF agree on every golden program (${name})`, () => {
    // Every distinct program, on a slice of the capture (optimized programs on more packets).
    const packets = readFixture(name);
    const seen = new Set<string>();
    for (const c of golden.cases) {
      if (c.linkType !== name) continue;
      for (const ddd of [c.ddd, c.O_ddd]) {
        if (!ddd || seen.has(ddd.join(','))) continue;
        seen.add(ddd.join(','));
        const prog = parseTcpdumpDdd(ddd.join('\n'));
        if (hasUnknownAncillaryLoad(prog)) continue; // the kernel refuses to load these, so nothing converts them
        agree(prog, linkType, ddd === c.ddd ? packets.slice(0, 96) : packets.slice(96, 120), `${name} '${c.expr}'`);
      }
    }
    assert.ok(seen.size > 200);
  });
}

/** libpcap emits SKF_AD_OFF + n with an unknown n for `pppoes and inbound` (its offsets shift the ancillary load). */
function hasUnknownAncillaryLoad(prog: SockFilter[]): boolean {
  try {
    checkClassic(prog, 'linux');
    return false;
  } catch (e) {
    return e instanceof ClassicCheckError && e.rule === 'ancillary';
  }
}

const EXTENSION_PROGRAMS = [
  'ld #proto\nret a', 'ldh #type\nret a', 'ld #ifidx\nret a', 'ldb #hatype\nret a', 'ld #mark\nret a', 'ld #queue\nret a',
  'ld #rxhash\nret a', 'ld #cpu\nret a', 'ld #vlan_tci\nret a', 'ld #vlan_avail\nret a', 'ld #vlan_tpid\nret a',
  'ld #poff\nret a', 'ld #rand\nret a', 'ld #7\nldx #3\nld [0xfffff028]\nret a', // A ^= X
  'ld #42\nld #ifidx\nret a', // no device: returns A
  'ld #4\nldx #1\nld #nla\nret a', 'ld #0\nldx #2\nld #nlan\nret a',
  'ld [-1048576]\nret a', 'ldh [-1048574]\nret a', 'ldb [-1048567]\nret a', 'ld [-2097152]\nret a', 'ldh [-2097140]\nret a',
  'ld [-3000000]\nret a', 'ldx #0xfff00000\nldb [x + 9]\nret a', 'ldxb 4*([-1048576]&0xf)\ntxa\nret a',
  'ld #len\nret a', 'ldx len\ntxa\nret a', 'ld #0xffffffff\nldx #0\ndiv x\nret #1', 'ld #7\nldx #0\nmod x\nret a',
  'ld #0x80000000\nldx #33\nlsh x\nret a', 'ld #0x80000000\nldx #33\nrsh x\nret a', 'ld #5\nneg\nret a',
  'ldx #0xfffffff0\nld [x + 16]\nret a', 'ldx #0x7fffffff\nldb [x + 1]\nret a', 'ld [0x7fffffff]\nret a',
  'ld [40000]\nret a', 'ldh [32767]\nret a', 'ldh [32768]\nret a',
  'ld #0x80000000\njgt #0x7fffffff, yes, no\nyes: ret #1\nno: ret #2',
  'ld #0xfffffffe\njeq #0xfffffffe, yes\nret #0\nyes: ret #1', 'ld #3\njset #0x80000000, yes\nret #0\nyes: ret #1',
  'ld #3\njge #4, yes\nret #9\nyes: ret #1', 'ld #3\njgt #4, yes\nret #9\nyes: ret #1',
  'ld #1\nst M[0]\nld #2\nst M[15]\nldx M[0]\nld M[15]\nadd x\nret a', 'ldx #9\nstx M[3]\nld M[3]\nmul #3\nret a',
  'ldb [0]\ntax\nldh [x + 12]\njge x, big\nret #0\nbig: ret a',
];

test('classic and converted eBPF agree on extension programs with varied metadata', () => {
  const metas: (SkbMeta | undefined)[] = [
    undefined,
    { protocol: 0x86dd, pktType: 3, ifindex: 7, hatype: 772, mark: 0xdeadbeef, queue: 5, rxhash: 0x12345678, cpu: 3,
      vlanTci: 0x2064, vlanPresent: true, vlanTpid: 0x88a8, random: constant(1) },
    { ifindex: null, macOff: null, netOff: 30, payOffset: 99, random: constant(2) },
  ];
  let runs = 0;
  for (const [name, linkType] of Object.entries(LINK)) {
    const packets = readFixture(name).slice(0, 80);
    // A netlink-looking packet for #nla/#nlan: attributes {len 8, type 1}, {len 12, type 2 (nested {len 8, type 3})}.
    packets.push({ data: new Uint8Array([8, 0, 1, 0, 1, 2, 3, 4, 12, 0, 2, 0x80, 8, 0, 3, 0, 9, 9, 9, 9]), wire: 20 });
    for (const src of EXTENSION_PROGRAMS) {
      const prog = assembleBpfAsm(src);
      runs += agree(prog, linkType, packets, `${name} ${JSON.stringify(src)}`, metas);
    }
  }
  assert.ok(runs > 10000);
});

test('the conversion follows the kernel mapping', () => {
  // ret #k → mov32 r0, k; exit. The prologue clears A (r0) and X (r7) and copies ctx to r6.
  const c = convertClassic(assembleBpfAsm('ret #5'));
  assert.deepEqual(c.insns.map((i) => i.code.toString(16)), ['ac', 'ac', 'bf', 'b4', '95']);
  assert.equal(c.seenLdAbs, false);
  // A packet load adds the data/headlen prologue; ldh [12] uses the inline fast path + helper slow path.
  const l = convertClassic(assembleBpfAsm('ldh [12]\nret a'));
  assert.equal(l.seenLdAbs, true);
  assert.equal(l.addrs[0], 7);
  // jeq with jt = 0 becomes jne to the false target; a negative k goes through TMP.
  const j = convertClassic(assembleBpfAsm('jneq #0xffffffff, out\nret #1\nout: ret #2'));
  assert.deepEqual(j.insns.slice(3, 5).map((i) => [i.code.toString(16), i.dst, i.src]), [['b4', 2, 0], ['5d', 0, 2]]);
  // M[k] at FP - (4k + 4)
  const m = convertClassic(assembleBpfAsm('st M[3]\nret #0'));
  assert.equal(m.insns[3]!.off, -16);
  assert.equal(m.stackDepth, 16);
});

test('seccomp programs agree after conversion (ctx = seccomp_data)', () => {
  for (const name of ['x86_64-allowlist', 'aarch64-denylist', 'x86_64-tree']) {
    const f = compileSeccomp(parseSockFilterBytes(new Uint8Array(readFileSync(new URL(`../golden/seccomp/${name}.bpf`, import.meta.url)))));
    const ebpf = compileSeccompToEbpf(f.prog);
    for (const arch of ['x86_64', 'aarch64'] as const) {
      for (const nr of [...Object.values(SYSCALL_TABLES[arch].SYSCALLS), 0x40000000, -1]) {
        for (const args of [[], [1n, 2n, 3n], [0x100000000n, 0x10000000n, 7n]]) {
          const data = seccompDataBytes({ nr, arch: AUDIT_ARCH[arch], args });
          assert.equal(ebpf(data), f.run(data), `${name} ${arch} ${nr}`);
        }
      }
    }
  }
  checkClassic(assembleBpfAsm('ret #0'));
});

test('random checked programs: classic and converted eBPF agree (seeded)', () => {
  const r = prng(0x5eed);
  const packets = readFixture('EN10MB').slice(0, 24);
  let runs = 0;
  for (let n = 0; n < 400; n++) {
    const prog = randomClassicProgram(r);
    runs += agree(prog, LinkType.EN10MB, packets, `random #${n}: ${formatBpfAsm(prog).trim()}`,
      [undefined, { ifindex: null, vlanPresent: true, vlanTci: 0xffff, vlanTpid: 0x88a8, protocol: 0x806 }]);
  }
  assert.ok(runs > 15000);
});
