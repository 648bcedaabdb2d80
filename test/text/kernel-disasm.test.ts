/**
 * The kernel verifier-log printer against the lines Linux 6.18 itself printed (every instruction
 * line of the shared corpus logs, collected by scripts/gen-kernel-disasm-goldens.ts): each line is
 * assembled with the C-like assembler and printed again, and must come out byte-identical.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HELPER_COUNT, helperId, helperName } from '../../src/isa/helpers.js';
import { decode } from '../../src/isa/codec.js';
import type { Insn } from '../../src/isa/insn.js';
import { disassembleKernel, formatKernel } from '../../src/text/kernel-disasm.js';
import { assembleLlvm } from '../../src/text/llvm-asm.js';
import { REPO_ROOT } from '../helpers/corpus.js';

interface Golden {
  occurrences: number;
  lines: { text: string; count: number }[];
  tables: { log: string; object: string; section: string; rows: { pc: number; text: string }[] }[];
}
const golden = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/kernel-disasm/lines.json'), 'utf8')) as Golden;
const LLVM = join(REPO_ROOT, 'test/golden/llvm');
const objects = JSON.parse(readFileSync(join(LLVM, 'objects.json'), 'utf8')) as { objects: { object: string; sections: { name: string; bin: string }[] }[] };

describe('kernel verifier-log style', () => {
  it('reprints every instruction line of the 6.18 logs byte for byte', (t) => {
    let lines = 0;
    let occurrences = 0;
    for (const { text, count } of golden.lines) {
      const [insn] = assembleLlvm(text, 'kernel-log');
      // kfunc names come from BTF, which the kernel resolves through its cb_call hook.
      const kfunc = /call ([\w]+)#\d+$/.exec(text)?.[1];
      const printed = formatKernel(insn!, { callName: () => kfunc });
      assert.equal(printed, text);
      lines++;
      occurrences += count;
    }
    t.diagnostic(`${lines} distinct lines, ${occurrences} printed lines`);
    assert.equal(occurrences, golden.occurrences);
    assert.ok(lines > 2000);
  });

  it('prints real objects\' bytes as the kernel printed them (level-2 live-regs tables)', (t) => {
    let exact = 0;
    let relocated = 0;
    for (const table of golden.tables) {
      const bin = objects.objects.find((o) => o.object === table.object)?.sections.find((s) => s.name === table.section)?.bin;
      assert.ok(bin, `${table.object} ${table.section}`);
      const insns = decode(new Uint8Array(readFileSync(join(LLVM, 'objects', bin))));
      const ours = new Map(disassembleKernel(insns).map((l) => { const m = /^(\d+): (.*)$/.exec(l)!; return [Number(m[1]), m[2]!]; }));
      for (const row of table.rows) {
        const printed = ours.get(row.pc);
        if (printed === undefined) continue; // a subprogram the loader appended after the section
        // Relocations the loader resolves: map addresses in LD_IMM64, kfunc BTF ids in calls.
        const reloc = /^\((18)\) r\d+ = 0x0$/.test(printed) || /^\(85\) call kernel-function#/.test(printed);
        if (reloc) {
          assert.equal(printed.slice(0, 9), row.text.slice(0, 9), `${table.log} pc ${row.pc}`);
          relocated++;
        } else {
          assert.equal(printed, row.text, `${table.log} pc ${row.pc}`);
          exact++;
        }
      }
    }
    t.diagnostic(`${exact} rows identical, ${relocated} relocated rows matched up to the relocated value`);
    assert.ok(exact > 450);
  });

  it('prints the forms of verifier.md §3.3', () => {
    const cases: [Insn, string][] = [
      [{ code: 0xbf, dst: 0, src: 2, off: 0, imm: 0 }, '(bf) r0 = r2'],
      [{ code: 0x07, dst: 2, src: 0, off: 0, imm: -8 }, '(07) r2 += -8'],
      [{ code: 0x15, dst: 0, src: 0, off: 2, imm: 0 }, '(15) if r0 == 0x0 goto pc+2'],
      [{ code: 0x15, dst: 2, src: 0, off: 0, imm: -1 }, '(15) if r2 == 0xffffffff goto pc+0'],
      [{ code: 0x85, dst: 0, src: 0, off: 0, imm: 1 }, '(85) call bpf_map_lookup_elem#1'],
      [{ code: 0x85, dst: 0, src: 1, off: 0, imm: 2 }, '(85) call pc+2'],
      [{ code: 0x85, dst: 0, src: 0, off: 0, imm: 999 }, '(85) call unknown#999'],
      [{ code: 0x85, dst: 0, src: 2, off: 0, imm: 7 }, '(85) call kernel-function#7'],
      [{ code: 0x18, dst: 2, src: 0, off: 0, imm: -1, hi: -1 }, '(18) r2 = 0xffffffffffffffff'],
      [{ code: 0x63, dst: 10, src: 1, off: -4, imm: 0 }, '(63) *(u32 *)(r10 -4) = r1'],
      [{ code: 0x7a, dst: 10, src: 0, off: -8, imm: 0 }, '(7a) *(u64 *)(r10 -8) = 0'],
      [{ code: 0x3f, dst: 1, src: 2, off: 1, imm: 0 }, '(3f) r1 s/= r2'],
      [{ code: 0x97, dst: 1, src: 0, off: 1, imm: 3 }, '(97) r1 s%= 3'],
      [{ code: 0xbf, dst: 3, src: 2, off: 8, imm: 0 }, '(bf) r3 = (s8)r2'],
      [{ code: 0xbc, dst: 4, src: 2, off: 16, imm: 0 }, '(bc) w4 = (s16)w2'],
      [{ code: 0x84, dst: 1, src: 0, off: 0, imm: 0 }, '(84) w1 = -w1'],
      [{ code: 0xd4, dst: 1, src: 0, off: 0, imm: 64 }, '(d4) r1 = le64 r1'],
      [{ code: 0xd7, dst: 1, src: 0, off: 0, imm: 32 }, '(d7) r1 = bswap32 r1'],
      [{ code: 0x91, dst: 3, src: 10, off: -16, imm: 0 }, '(91) r3 = *(s8 *)(r10 -16)'],
      [{ code: 0xdb, dst: 10, src: 1, off: -16, imm: 0x41 }, '(db) r1 = atomic64_fetch_or((u64 *)(r10 -16), r1)'],
      [{ code: 0xc3, dst: 10, src: 1, off: -16, imm: 0x01 }, '(c3) r1 = atomic_fetch_add((u32 *)(r10 -16), r1)'],
      [{ code: 0xdb, dst: 10, src: 1, off: -16, imm: 0xe1 }, '(db) r1 = atomic64_xchg((u64 *)(r10 -16), r1)'],
      [{ code: 0xdb, dst: 10, src: 0, off: -8, imm: 0xf1 }, '(db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r0)'],
      [{ code: 0xdb, dst: 10, src: 1, off: -16, imm: 0 }, '(db) lock *(u64 *)(r10 -16) += r1'],
      [{ code: 0x30, dst: 0, src: 0, off: 0, imm: 23 }, '(30) r0 = *(u8 *)skb[23]'],
      [{ code: 0x50, dst: 0, src: 7, off: 0, imm: 4 }, '(50) r0 = *(u8 *)skb[r7 + 4]'],
      [{ code: 0x05, dst: 0, src: 0, off: -3, imm: 0 }, '(05) goto pc-3'],
      [{ code: 0x06, dst: 0, src: 0, off: 0, imm: 0 }, '(06) gotol pc+0'],
      [{ code: 0x66, dst: 2, src: 0, off: 0, imm: -5 }, '(66) if w2 s> 0xfffffffb goto pc+0'],
      [{ code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }, '(95) exit'],
    ];
    for (const [insn, text] of cases) assert.equal(formatKernel(insn), text);
  });

  it('hides map pointers without allow_ptr_leaks and names them through the immName hook', () => {
    const map: Insn = { code: 0x18, dst: 1, src: 1, off: 0, imm: 5, hi: 0 };
    assert.equal(formatKernel(map), '(18) r1 = 0x5');
    assert.equal(formatKernel(map, { allowPtrLeaks: false }), '(18) r1 = 0x0');
    assert.equal(formatKernel(map, { immName: (i, v) => (i.src === 1 ? `map[id:${v}]` : undefined) }), '(18) r1 = map[id:5]');
  });

  it('numbers lines by slot, LD_IMM64 taking two', () => {
    const insns = assembleLlvm('r1 = 0x1 ll\nr0 = 0\nexit');
    assert.deepEqual(disassembleKernel(insns), ['0: (18) r1 = 0x1', '2: (b7) r0 = 0', '3: (95) exit']);
  });

  it('knows every helper id up to the newest', () => {
    assert.equal(HELPER_COUNT, 212);
    assert.equal(helperName(1), 'bpf_map_lookup_elem');
    assert.equal(helperName(211), 'bpf_cgrp_storage_delete');
    assert.equal(helperName(212), undefined);
    assert.equal(helperId('bpf_loop'), 181);
    assert.equal(helperId('tail_call'), 12);
  });
});
