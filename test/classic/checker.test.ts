/** The kernel's bpf_check_classic + check_load_and_stores, and libpcap's validator (classic-tools.md §A3.1, §A3.5). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkClassic, ClassicCheckError, type ClassicProfile, type ClassicRule } from '../../src/classic/checker.js';
import { assembleBpfAsm } from '../../src/text/bpf-asm.js';
import { parseTcpdumpDdd } from '../../src/text/classic-disasm.js';
import type { SockFilter } from '../../src/isa/classic.js';

function rejected(prog: SockFilter[] | string, rule: ClassicRule, pc: number, profile: ClassicProfile = 'linux'): void {
  const p = typeof prog === 'string' ? assembleBpfAsm(prog) : prog;
  assert.throws(() => checkClassic(p, profile), (e: unknown) => {
    assert.ok(e instanceof ClassicCheckError, String(e));
    assert.equal(e.rule, rule, e.message);
    assert.equal(e.pc, pc, e.message);
    return true;
  });
}
const ok = (src: string, profile: ClassicProfile = 'linux'): void => checkClassic(assembleBpfAsm(src), profile);

test('length 1..4096', () => {
  rejected([], 'length', 0);
  rejected(Array.from({ length: 4097 }, () => ({ code: 6, jt: 0, jf: 0, k: 0 })), 'length', 0);
  checkClassic(Array.from({ length: 4096 }, () => ({ code: 6, jt: 0, jf: 0, k: 0 })));
});

test('opcode whitelist: RET X, stray bits and unknown codes are rejected', () => {
  rejected('ret x', 'opcode', 0);
  rejected([{ code: 0x08, jt: 0, jf: 0, k: 0 }, { code: 6, jt: 0, jf: 0, k: 0 }], 'opcode', 0); // LD|H|IMM
  rejected([{ code: 0x21, jt: 0, jf: 0, k: 0 }, { code: 6, jt: 0, jf: 0, k: 0 }], 'opcode', 0); // LDX|W|ABS (seccomp-internal)
  rejected([{ code: 0xffff, jt: 0, jf: 0, k: 0 }, { code: 6, jt: 0, jf: 0, k: 0 }], 'opcode', 0);
  ok('ldx len\nld #len\nldxb 4*([14]&0xf)\nmod x\nxor #1\nneg\ntax\ntxa\nret a');
});

test('constant division by zero, constant shifts >= 32', () => {
  rejected('div #0\nret a', 'div-by-zero', 0);
  rejected('ld #1\nmod #0\nret a', 'div-by-zero', 1);
  ok('div x\nmod x\nret a');
  rejected('lsh #32\nret a', 'shift', 0);
  rejected('rsh #0xffffffff\nret a', 'shift', 0);
  ok('lsh #31\nrsh #31\nlsh x\nret a');
});

test('M[] index, jumps, ancillary offsets, last instruction', () => {
  rejected('ld #1\nst M[16]\nret #0', 'mem-index', 1);
  rejected('ld M[99]\nret a', 'mem-index', 0);
  rejected('top: ld #1\nja top\nret #0', 'jump-range', 1);
  rejected([{ code: 0x05, jt: 0, jf: 0, k: 1 }, { code: 6, jt: 0, jf: 0, k: 0 }], 'jump-range', 0);
  rejected([{ code: 0x15, jt: 1, jf: 0, k: 1 }, { code: 6, jt: 0, jf: 0, k: 0 }], 'jump-range', 0);
  rejected([{ code: 0x20, jt: 0, jf: 0, k: 0xfffff000 + 64 }, { code: 6, jt: 0, jf: 0, k: 0 }], 'ancillary', 0);
  rejected([{ code: 0x20, jt: 0, jf: 0, k: 0xfffff000 + 2 }, { code: 6, jt: 0, jf: 0, k: 0 }], 'ancillary', 0);
  ok('ld [0xfffff028]\nldh #proto\nldb #rand\nld [-1048576]\nld [-2097152]\nret a'); // alu_xor_x, NET/LL offsets
  rejected('ld #1\nadd #1', 'last-not-ret', 1);
  rejected('ld #1\nja end\nend: tax', 'last-not-ret', 2);
});

test('M[] reads must be preceded by writes on every path', () => {
  rejected('ld M[0]\nret a', 'mem-uninit', 0);
  ok('st M[0]\nld M[0]\nret a');
  // written on one branch only
  rejected('jeq #1, ww, skip\nww: st M[3]\nskip: ldx M[3]\nret #0', 'mem-uninit', 2);
  // written on both branches
  ok('jeq #1, ww, vv\nww: st M[3]\nja join\nvv: stx M[3]\njoin: ldx M[3]\nret #0');
  // written before the branch
  ok('st M[5]\njeq #1, a1, a2\na1: ld M[5]\na2: ret a');
});

test('libpcap profile: backward ja (protochain) and RET X pass, MEM index is still checked', () => {
  const golden = JSON.parse(readFileSync(new URL('../golden/tcpdump/expressions.json', import.meta.url), 'utf8')) as { cases: { expr: string; linkType: string; ddd?: string[] }[] };
  // The kernel refuses only what libpcap is known to emit for it: protochain's backward jump, and
  // the shifted ancillary offset of `pppoes and inbound/outbound`.
  let linuxRejects = 0;
  for (const c of golden.cases) {
    if (!c.ddd) continue;
    const prog = parseTcpdumpDdd(c.ddd.join('\n'));
    checkClassic(prog, 'libpcap');
    try {
      checkClassic(prog, 'linux');
    } catch (e) {
      assert.ok(e instanceof ClassicCheckError);
      const expected = (e.rule === 'jump-range' && /protochain/.test(c.expr))
        || (e.rule === 'ancillary' && /pppoes/.test(c.expr) && /inbound|outbound/.test(c.expr));
      assert.ok(expected, `'${c.expr}' (${c.linkType}) rejected by the linux profile: ${e.message}`);
      linuxRejects++;
    }
  }
  assert.ok(linuxRejects > 0, 'the corpus exercises protochain');
  ok('top: ld #1\nja top\nret x', 'libpcap');
  rejected('ld M[16]\nret a', 'mem-index', 0, 'libpcap');
  rejected('div #0\nret a', 'div-by-zero', 0, 'libpcap');
  rejected('ld #1\ntax', 'last-not-ret', 1, 'libpcap');
});
