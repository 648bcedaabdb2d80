/**
 * bpf_asm's language and outputs, as documented in ../shared/reference/classic-tools.md §A1 (observed
 * with the newest kernel bpf_asm) and the kernel's Documentation/networking/filter.rst example.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsmError } from '../../src/errors.js';
import { assembleBpfAsm, formatBpfAsm, formatBpfAsmC } from '../../src/text/bpf-asm.js';

const asm = (s: string): string => formatBpfAsm(assembleBpfAsm(s));

test('the kernel documentation example (IPv4 TCP port 22)', () => {
  const src = `
  ldh [12]
  jne #0x800, drop
  ldb [23]
  jneq #6, drop
  ldh [20]
  jset #0x1fff, drop
  ldxb 4 * ([14] & 0xf)
  ldh [x + 14]
  jeq #22, pass
  ldh [x + 16]
  jne #22, drop
  pass: ret #-1
  drop: ret #0
`;
  assert.equal(asm(src), '13,40 0 0 12,21 0 10 2048,48 0 0 23,21 0 8 6,40 0 0 20,69 6 0 8191,177 0 0 14,72 0 0 14,21 2 0 22,72 0 0 16,21 0 1 22,6 0 0 4294967295,6 0 0 0,\n');
});

test('-c output uses glibc %#04x / %#010x (no 0x prefix for zero)', () => {
  assert.equal(formatBpfAsmC(assembleBpfAsm('ldh [12]\nret #0\nld #0\n')),
    '{ 0x28,  0,  0, 0x0000000c },\n{ 0x06,  0,  0, 0000000000 },\n{ 0000,  0,  0, 0000000000 },\n');
});

test('every mnemonic and addressing mode encodes as the grammar says', () => {
  const cases: [string, string][] = [
    ['ldb [3]', '48 0 0 3'], ['ldh [x + 2]', '72 0 0 2'], ['ld [%x + -4]', '64 0 0 4294967292'],
    ['ld #len', '128 0 0 0'], ['ld len', '128 0 0 0'], ['ld #7', '0 0 0 7'], ['ldi #7', '0 0 0 7'], ['ldi 7', '0 0 0 7'],
    ['ld M[99]', '96 0 0 99'], ['ldx #5', '1 0 0 5'], ['ldxi 5', '1 0 0 5'], ['ldx len', '129 0 0 0'],
    ['ldx M[3]', '97 0 0 3'], ['ldx 4*([14]&0xf)', '177 0 0 14'], ['st M[1]', '2 0 0 1'], ['stx M[2]', '3 0 0 2'],
    ['add #1', '4 0 0 1'], ['sub x', '28 0 0 0'], ['mul %x', '44 0 0 0'], ['div #0', '52 0 0 0'], ['mod #3', '148 0 0 3'],
    ['and #1', '84 0 0 1'], ['or x', '76 0 0 0'], ['xor #1', '164 0 0 1'], ['lsh #2', '100 0 0 2'], ['rsh x', '124 0 0 0'],
    ['neg', '132 0 0 0'], ['tax', '7 0 0 0'], ['txa', '135 0 0 0'], ['ret a', '22 0 0 0'], ['ret %a', '22 0 0 0'], ['ret x', '14 0 0 0'],
  ];
  for (const [src, enc] of cases) assert.equal(asm(`${src}\nret #0`), `2,${enc},6 0 0 0,\n`, src);
});

test('extensions: k = 0xfffff000 + SKF_AD_*, with or without #, any load size', () => {
  const ext: [string, number][] = [
    ['proto', 0], ['type', 4], ['ifidx', 8], ['nla', 12], ['nlan', 16], ['mark', 20], ['queue', 24], ['hatype', 28],
    ['rxhash', 32], ['cpu', 36], ['vlan_tci', 44], ['vlan_pr', 48], ['vlan_avail', 48], ['poff', 52], ['rand', 56], ['vlan_tpid', 60],
  ];
  for (const [name, off] of ext) {
    const k = 0xfffff000 + off;
    assert.equal(asm(`ld #${name} ldh ${name} ldb #${name.toUpperCase()} ret #0`), `4,32 0 0 ${k},40 0 0 ${k},48 0 0 ${k},6 0 0 0,\n`, name);
  }
});

test('case-insensitive, not line-based, comments of three kinds', () => {
  assert.equal(asm('LD [12]\nRet #0\n'), '2,32 0 0 12,6 0 0 0,\n');
  assert.equal(asm('ld m[3] ret #0'), '2,96 0 0 3,6 0 0 0,\n');
  assert.equal(asm('ret #0 ldi 5 ret a'), '3,6 0 0 0,0 0 0 5,22 0 0 0,\n');
  assert.equal(asm('# a comment line\nret #1 ; trailing\n/* block\n comment */ ret #2'), '2,6 0 0 1,6 0 0 2,\n');
  // `#len` alone on a line is the length operand (a tie goes to the earlier flex rule)…
  assert.equal(asm('ld\n#len\nret a'), '2,128 0 0 0,22 0 0 0,\n');
});

test('number forms and truncation to u32', () => {
  const k = (s: string): string => asm(`ld #${s} ret #0`).split(',')[1]!.split(' ')[3]!;
  assert.equal(k('-1'), '4294967295');
  assert.equal(k('+5'), '5');
  assert.equal(k('0x1F'), '31');
  assert.equal(k('0X1f'), '31');
  assert.equal(k('0b101'), '5');
  assert.equal(k('017'), '15');
  assert.equal(k('0'), '0');
  assert.equal(k('4294967296'), '0');
  assert.equal(k('0xffffffffff'), '4294967295');
  assert.equal(k('99999999999999999999999'), '4294967295'); // strtol saturates at LONG_MAX
});

test('labels: forward and backward ja, single-label forms, first duplicate wins', () => {
  assert.equal(asm('top: ld #1\nja top\nret #0'), '3,0 0 0 1,5 0 0 4294967294,6 0 0 0,\n');
  assert.equal(asm('jeq #1, yes\nret #0\nyes: ret #1'), '3,21 1 0 1,6 0 0 0,6 0 0 1,\n');
  assert.equal(asm('jeq x, yes, no\nno: ret #0\nyes: ret #1'), '3,29 1 0 0,6 0 0 0,6 0 0 1,\n');
  assert.equal(asm('jlt #5, big\nret #0\nbig: ret #1'), '3,53 0 1 5,6 0 0 0,6 0 0 1,\n');
  assert.equal(asm('jle x, big\nret #0\nbig: ret #1'), '3,45 0 1 0,6 0 0 0,6 0 0 1,\n');
  assert.equal(asm('jneq #5, big\nret #0\nbig: ret #1'), '3,21 0 1 5,6 0 0 0,6 0 0 1,\n');
  assert.equal(asm('jgt #1, aa, aa\naa: ret #0\naa: ret #1'), '3,37 0 0 1,6 0 0 0,6 0 0 1,\n');
  assert.equal(asm('jset #1, L1\nL1: ret #0'), '2,69 0 0 1,6 0 0 0,\n');
});

function rejects(src: string, line: number, column: number, pattern: RegExp): void {
  assert.throws(() => assembleBpfAsm(src, 'f.s'), (e: unknown) => {
    assert.ok(e instanceof AsmError, String(e));
    assert.equal(`${e.line}:${e.column}`, `${line}:${column}`, e.message);
    assert.match(e.detail, pattern);
    return true;
  }, src);
}

test('errors name line and column (where bpf_asm is silent, too)', () => {
  rejects('ldh [x+14]\nret #0', 1, 7, /syntax error/); // `+14` is a signed number token
  rejects('ld #08', 1, 6, /syntax error/); // the newest lexer splits 08 into 0 and 8
  rejects('e: ret #0', 1, 1, /unknown character 'e'/);
  rejects('ret #0 // no', 1, 8, /unknown character '\/'/);
  rejects('/* x **/ ret #0', 1, 1, /unknown character '\/'/);
  rejects('', 1, 1, /syntax error/);
  rejects('\n', 2, 1, /syntax error/);
  rejects('ld: ret #0', 1, 3, /syntax error/);
  rejects('jlt #1, aa, bb\naa: ret #0\nbb: ret #1', 1, 11, /syntax error/);
  rejects('ld [x]', 1, 6, /syntax error/);
  rejects('ldh #1', 1, 5, /syntax error/);
  rejects('jmp nolabel\nret #0', 1, 5, /no such label 'nolabel'/);
  rejects('ldxb 2*([14]&0xf)\nret #0', 1, 1, /ldxb offset not supported/);
  rejects('back: ld #1\njeq #1, back\nret #0', 2, 9, /insn #1 jumps to insn #0, which is out of range/);
  rejects(`jeq #1, far\n${'ld #0\n'.repeat(256)}far: ret #0`, 1, 9, /out of range/);
  rejects('ret #0\n'.repeat(4097), 4097, 1, /more than 4096 instructions/);
  assert.equal(assembleBpfAsm('ret #0\n'.repeat(4096)).length, 4096);
});
