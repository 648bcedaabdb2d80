/**
 * The C-like assembler and the llvm-objdump-style disassembler against LLVM 14 itself: goldens
 * made by scripts/gen-llvm-goldens.sh (llvm-objdump on clang-compiled and real objects, on every
 * form of the opcode table; llvm-mc on every spelling it accepts).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AsmError } from '../../src/errors.js';
import { decode, encode } from '../../src/isa/codec.js';
import type { Insn } from '../../src/isa/insn.js';
import { type Form, formOf } from '../../src/isa/table.js';
import { assembleLlvm } from '../../src/text/llvm-asm.js';
import { disassembleLlvm, formatLlvm } from '../../src/text/llvm-disasm.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const GOLDEN = join(REPO_ROOT, 'test/golden/llvm');

interface FormsGolden {
  instructions: { hex: string; objdump: string; objdumpAlu32: string }[];
  llvmMc: { text: string; hex: string | null }[];
}
interface ObjectsGolden { objects: { object: string; origin: string; sections: { name: string; bin: string }[] }[] }

const forms = JSON.parse(readFileSync(join(GOLDEN, 'forms.json'), 'utf8')) as FormsGolden;
const objects = JSON.parse(readFileSync(join(GOLDEN, 'objects.json'), 'utf8')) as ObjectsGolden;

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(hex.split(' ').map((b) => parseInt(b, 16)));
}

function hexOf(insns: Insn[]): string {
  return Array.from(encode(insns), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Does LLVM 14's objdump print this instruction's own text? It has no cpu v4 forms, no BPF_ST,
 * no `%=`, no JSET; it drops LD_IND's immediate, prints only the low half of `ld_pseudo`, and
 * without `--mattr=+alu32` prints 32-bit fetch atomics as `<unknown>` (or fetch-add as a plain
 * `lock … +=`). Those lines use the newer-LLVM spelling documented in docs/asm-syntax.md.
 */
function objdumpPrintsIt(i: Insn, f: Form, alu32: boolean): boolean {
  if (f.cpu === 4 || f.kind === 'st') return false;
  if ((f.kind === 'alu' && f.op === 'mod') || (f.kind === 'jcc' && f.op === 'jset')) return false;
  if (f.kind === 'ldind' && i.imm !== 0) return false;
  if (f.kind === 'lddw' && f.select.src !== 0 && (i.hi ?? 0) !== 0) return false;
  if (f.kind === 'atomic' && !f.is64 && !alu32 && i.imm !== 0) return false;
  return true;
}

/** Does objdump's text say everything about the bytes? Local calls and kfunc calls print as `call N`. */
function objdumpTextIsComplete(i: Insn, f: Form, alu32: boolean): boolean {
  return objdumpPrintsIt(i, f, alu32) && !(f.kind === 'call' && f.op !== 'helper');
}

describe('llvm-objdump style, every form', () => {
  for (const alu32 of [false, true]) {
    it(`prints what llvm-objdump ${alu32 ? '--mattr=+alu32 ' : ''}prints`, () => {
      let compared = 0;
      for (const g of forms.instructions) {
        const [i] = decode(bytesOf(g.hex));
        const f = formOf(i!)!;
        if (!objdumpPrintsIt(i!, f, alu32)) continue;
        assert.equal(formatLlvm(i!, { alu32 }), alu32 ? g.objdumpAlu32 : g.objdump, g.hex);
        compared++;
      }
      assert.ok(compared > 350, `compared ${compared}`);
    });
    it(`assembles llvm-objdump ${alu32 ? '--mattr=+alu32 ' : ''}text back to the same bytes`, () => {
      for (const g of forms.instructions) {
        const [i] = decode(bytesOf(g.hex));
        if (!objdumpTextIsComplete(i!, formOf(i!)!, alu32)) continue;
        assert.equal(hexOf(assembleLlvm(alu32 ? g.objdumpAlu32 : g.objdump)), g.hex, alu32 ? g.objdumpAlu32 : g.objdump);
      }
    });
  }

  it('assembles every form, including the ones LLVM 14 lacks, from its own text', () => {
    for (const g of forms.instructions) {
      const [i] = decode(bytesOf(g.hex));
      const text = formatLlvm(i!, { distinguishCalls: true });
      assert.equal(hexOf(assembleLlvm(text)), g.hex, text);
    }
  });

  it('encodes every spelling llvm-mc accepts exactly as llvm-mc does', () => {
    const accepted = forms.llvmMc.filter((m) => m.hex !== null);
    assert.ok(accepted.length > 350);
    for (const m of accepted) assert.equal(hexOf(assembleLlvm(m.text)), m.hex, m.text);
  });
});

/** objdump's listing split into sections: per section, the instruction texts by slot. */
function parseObjdump(text: string): Map<string, { pc: number; text: string }[]> {
  const sections = new Map<string, { pc: number; text: string }[]>();
  let current: { pc: number; text: string }[] | undefined;
  for (const line of text.split('\n')) {
    const sec = /^Disassembly of section (.*):$/.exec(line);
    if (sec) sections.set(sec[1]!, current = []);
    const m = /^\s*(\d+):\t(.*)$/.exec(line);
    if (m && current) current.push({ pc: Number(m[1]), text: m[2]!.replace(/ <[^<>]*>$/, '') });
  }
  return sections;
}

describe('llvm-objdump style, compiled objects', () => {
  let lines = 0;
  for (const o of objects.objects) {
    for (const alu32 of [false, true]) {
      it(`${o.object}${alu32 ? ' (alu32)' : ''}: same text as llvm-objdump, reassembles to the same bytes`, () => {
        const listing = readFileSync(join(GOLDEN, 'objects', `${o.object}.objdump${alu32 ? '-alu32' : ''}.txt`), 'utf8');
        const sections = parseObjdump(listing);
        for (const s of o.sections) {
          const bytes = new Uint8Array(readFileSync(join(GOLDEN, 'objects', s.bin)));
          const insns = decode(bytes);
          const expected = sections.get(s.name);
          assert.ok(expected, `section ${s.name} in the listing`);
          const ours = disassembleLlvm(insns, { alu32 }).map((l) => /^\s*(\d+):\t(.*)$/.exec(l)!);
          assert.equal(ours.length, expected.length, `${s.name}: instruction count`);
          let complete = true;
          ours.forEach((m, k) => {
            const i = insns[k]!;
            const f = formOf(i);
            assert.equal(Number(m[1]), expected[k]!.pc, `${s.name}: slot of instruction ${k}`);
            if (!f || !objdumpPrintsIt(i, f, alu32)) { complete = false; return; }
            if (!objdumpTextIsComplete(i, f, alu32)) complete = false;
            assert.equal(m[2], expected[k]!.text, `${s.name} pc ${m[1]}`);
            lines++;
          });
          if (complete) {
            const source = expected.map((e) => e.text).join('\n');
            assert.deepEqual(encode(assembleLlvm(source, s.name)), bytes, `${s.name} reassembled`);
          }
        }
      });
    }
  }
  it('compared thousands of lines', (t) => { t.diagnostic(`${lines} lines compared with llvm-objdump`); assert.ok(lines > 5000, `${lines} lines`); });
});

describe('llvm assembler', () => {
  it('reads a whole llvm-objdump listing with raw bytes and symbol headers', () => {
    const o = objects.objects.find((x) => x.object === 'loops.v2.o')!;
    const obj = join(GOLDEN, 'objects', `${o.object}.objdump.txt`);
    // The golden listing has no raw bytes; rebuild the raw-bytes form objdump prints without --no-show-raw-insn.
    const bin = new Uint8Array(readFileSync(join(GOLDEN, 'objects', o.sections[0]!.bin)));
    const insns = decode(bin);
    let pc = 0;
    const listing = ['loops.v2.o:\tfile format elf64-bpf', '', 'Disassembly of section .text:', '', '0000000000000000 <sum>:'];
    for (const i of insns) {
      const raw = Array.from(encode([i]), (b) => b.toString(16).padStart(2, '0')).join(' ');
      listing.push(`${String(pc).padStart(8)}:\t${raw}\t${formatLlvm(i)}${i.code === 0x05 ? ' <LBB0_2>' : ''}`);
      pc += i.hi === undefined ? 1 : 2;
    }
    assert.ok(existsSync(obj));
    assert.deepEqual(encode(assembleLlvm(listing.join('\n'))), bin);
  });

  it('resolves labels forwards and backwards, in jumps and local calls', () => {
    const insns = assembleLlvm([
      'top: r0 = 0',
      '  if r1 > r2 goto out  // forward',
      '  r1 = 0x100000000 ll  # two slots',
      '  goto top',
      '  call sub',
      'out:',
      '  exit',
      'sub: r0 = 1 ; local function',
      '  exit',
    ].join('\n'));
    assert.equal(insns[1]!.off, 4);
    assert.equal(insns[3]!.off, -5);
    assert.deepEqual([insns[4]!.src, insns[4]!.imm], [1, 1]);
    assert.deepEqual([insns[2]!.imm, insns[2]!.hi], [0, 1]);
  });

  it('reads kernel log lines, with their index, opcode and state', () => {
    const insns = assembleLlvm([
      '0: (7a) *(u64 *)(r10 -8) = 0          ; R10=fp0 fp-8=0',
      '3: (18) r1 = 0xffff8881043d3400       ; R1=map_ptr(ks=8,vs=8)',
      '5: (85) call bpf_map_lookup_elem#1    ; R0=map_value_or_null(id=1,ks=8,vs=8)',
      '6: (15) if r0 == 0x0 goto pc+2',
      '      0: .1........ (61) r2 = *(u32 *)(r1 +0)',
      '  1   2: 0......... (a5) if r0 < 0x4 goto pc-2',
      '(66) if w2 s> 0xfffffffb goto pc+0',
      '(85) call tcp_slow_start#114468',
      '(85) call pc+2',
    ].join('\n'));
    assert.deepEqual(insns.map((i) => i.code), [0x7a, 0x18, 0x85, 0x15, 0x61, 0xa5, 0x66, 0x85, 0x85]);
    assert.equal(insns[6]!.imm, -5);
    assert.deepEqual([insns[7]!.src, insns[7]!.imm], [2, 114468]);
    assert.deepEqual([insns[8]!.src, insns[8]!.imm], [1, 2]);
  });

  it('calls helpers by name and local functions by label; gotol and <label> targets', () => {
    const insns = assembleLlvm([
      'call bpf_ktime_get_ns',
      'call ktime_get_ns',
      'call <f>',
      'gotol f',
      'ld_pseudo\tr1, 2, 7',
      'f: exit',
    ].join('\n'));
    assert.deepEqual(insns.slice(0, 4).map((i) => [i.src, i.imm]), [[0, 5], [0, 5], [1, 3], [0, 2]]);
    assert.equal(insns[3]!.code, 0x06);
    assert.deepEqual([insns[4]!.src, insns[4]!.imm, insns[4]!.hi], [2, 7, 0]);
  });

  const errors: [string, string][] = [
    ['r0 = *(u32 *)(r1 + 4', 'x.s:1:21: expected \')\', found end of line'],
    ['\n  r11 = 1', 'x.s:2:3: no register r11 (registers are r0..r10)'],
    ['goto nowhere', "x.s:1:6: unknown label 'nowhere'"],
    ['r0 += w1', "x.s:1:7: expected an r register, found 'w1'"],
    ['r0 = 1 2', "x.s:1:8: expected end of instruction, found '2'"],
    ['r0 = 0x100000000', 'x.s:1:1: no error'],
    ['w0 = 0x100000000', 'x.s:1:1: a 64-bit constant needs an r register'],
    ['(b7) r0 = r1', 'x.s:1:6: the instruction assembles to opcode (bf), not the (b7) the line gives'],
    ['if r1 ~ r2 goto +1', "x.s:1:7: unexpected character '~'"],
    ['goto +40000', 'x.s:1:6: offset 40000 does not fit in 16 bits'],
    ['r0 = *(u128 *)(r1 + 0)', "x.s:1:8: expected a type u8, u16, u32, u64 (or s8, s16, s32), found 'u128'"],
    ['w0 = (s32)w1', "x.s:1:7: no eBPF instruction sign-extending s32 move into w registers"],
    ['r0 = atomic_fetch_add((u64 *)(r1 + 0), r2)', 'x.s:1:40: atomic_fetch_add returns the old value in its operand register: expected r0'],
    ['a: exit\na: exit', "x.s:2:1: label 'a' is defined twice"],
    ['frobnicate r0', "x.s:1:1: expected an instruction, found 'frobnicate'"],
  ];
  for (const [source, message] of errors) {
    it(`rejects ${JSON.stringify(source)} with file:line:column`, () => {
      if (message.endsWith('no error')) {
        assert.equal(assembleLlvm(source, 'x.s')[0]!.hi, 1);
        return;
      }
      assert.throws(() => assembleLlvm(source, 'x.s'), (e: unknown) => e instanceof AsmError && e.message === message);
    });
  }
});
