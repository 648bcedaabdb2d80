/** The interpreter's literal case labels agree with the operation numbers of ops.ts. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { FORMS } from '../../src/isa/table.js';
import { PAGE_SHIFT, PAGE_TABLE_OFFSET, REGION_ENTRY_WORDS, REGION_TABLE_OFFSET } from '../../src/vm/memory.js';
import { OP_NAMES, opOfForm } from '../../src/vm/ops.js';
import { REPO_ROOT } from '../helpers/corpus.js';

it('every `case N: /* NAME */` in interpreter.ts matches OP_NAMES[N], and every operation has a case', () => {
  const source = readFileSync(join(REPO_ROOT, 'src/vm/interpreter.ts'), 'utf8');
  const labels = [...source.matchAll(/case (\d+): \/\* (\w+) \*\//g)].map((m) => [Number(m[1]), m[2]!] as const);
  for (const [n, name] of labels) assert.equal(OP_NAMES[n], name, `case ${n}`);
  const covered = new Set(labels.map(([n]) => n));
  const missing = OP_NAMES.filter((name, n) => !covered.has(n) && name !== 'FELL_OFF');
  assert.deepEqual(missing, []);
});

it('every form except kfunc calls maps to an operation', () => {
  const unmapped = FORMS.filter((f) => opOfForm(f) === undefined).map((f) => `${f.name}/${f.op}`);
  assert.deepEqual(unmapped, ['call/kfunc']);
});

it('the address-space layout matches the literals the interpreter uses for speed', () => {
  // interpreter.ts hostOf: page = a >>> 16; page table of u16 at byte 0; region entries of 4
  // int32 words from word 32768.
  assert.equal(PAGE_SHIFT, 16);
  assert.equal(PAGE_TABLE_OFFSET, 0);
  assert.equal(REGION_TABLE_OFFSET / 4, 32768);
  assert.equal(REGION_ENTRY_WORDS, 4);
});
