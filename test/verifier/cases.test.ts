/**
 * Hand-written verifier cases (test/golden/verifier/cases.txt) against the logs Linux 6.18 wrote
 * for them (test/golden/verifier/kernel-6.18.json, made by scripts/kernel-verifier-goldens.py).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { verify } from '../../src/verifier/index.js';
import { maskLog } from '../helpers/verifier-corpus.js';
import { KERNEL_GOLDEN, parseCases } from '../helpers/verifier-cases.js';

interface Golden { name: string; accepted: boolean; errno: string | null; log1: string; log2: string }
const golden = JSON.parse(readFileSync(KERNEL_GOLDEN, 'utf8')) as { kernel: string; cases: Golden[] };
const locked = JSON.parse(readFileSync(new URL('../golden/verifier/locked.json', import.meta.url), 'utf8')) as {
  casesLogIdentical: string[];
};

const cases = parseCases();

test('every hand-written case has a kernel golden', () => {
  assert.deepEqual(cases.map((c) => c.name).sort(), golden.cases.map((g) => g.name).sort());
});

for (const c of cases) {
  const g = golden.cases.find((x) => x.name === c.name)!;
  test(`kernel case ${c.name}: verdict and errno as Linux 6.18`, () => {
    const r = verify({ insns: c.insns, progType: c.progType, maps: c.maps, license: 'GPL' }, { logLevel: 1 });
    assert.equal(r.accepted, g.accepted);
    assert.equal(r.errno, g.errno);
    if (locked.casesLogIdentical.includes(c.name)) assert.equal(maskLog(r.log), maskLog(g.log1));
  });
}

test('level-1 log agreement on hand-written cases only rises', () => {
  let identical = 0;
  for (const c of cases) {
    const g = golden.cases.find((x) => x.name === c.name)!;
    const r = verify({ insns: c.insns, progType: c.progType, maps: c.maps, license: 'GPL' }, { logLevel: 1 });
    if (maskLog(r.log) === maskLog(g.log1)) identical++;
  }
  assert.ok(identical >= locked.casesLogIdentical.length, `${identical} identical logs, locked ${locked.casesLogIdentical.length}`);
});
