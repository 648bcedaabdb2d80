/**
 * Global functions (BTF linkage `global`): the fixture programs that call them reach Linux 6.18's
 * verdict and closing message, and those with global functions its processed-instruction count (test/golden/verifier/corpus-expected.json).
 * usdt.bpf.o's `__hidden` helpers are loaded as static functions by libbpf and verified inline.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { verify } from '../../src/verifier/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { type CorpusCase, loadCorpusCase } from '../helpers/verifier-corpus.js';

const fixtures = join(REPO_ROOT, 'test/fixtures/ebpf-samples');
const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/corpus-expected.json'), 'utf8')) as { programs: CorpusCase[] };
const OBJECTS = ['build/global_func.o', 'build/bpf2bpf.o', 'cilium-ebpf/freplace-el.elf', 'libbpf-bootstrap/usdt.bpf.o'];

test('global functions: verdict, message and processed count as Linux 6.18', { skip: !existsSync(fixtures) && 'test/fixtures/ebpf-samples missing' }, () => {
  const cases = expected.programs.filter((c) => OBJECTS.includes(c.object) && c.kernel_6_18 !== 'ENV');
  assert.ok(cases.length >= 4, `fixture cases: ${cases.length}`);
  let withGlobals = 0;
  for (const c of cases) {
    const prog = loadCorpusCase(fixtures, c);
    if (prog.globalFuncs?.length) withGlobals++;
    const r = verify(prog, { logLevel: 1 });
    const name = `${c.object} ${c.section} ${c.function ?? ''}`;
    assert.equal(r.accepted, c.kernel_6_18 === 'ACCEPT', `${name}: ${r.error.join(' / ')}`);
    if (!r.accepted) assert.deepEqual(r.error, c.error, name);
    // usdt.bpf.o's static path explores more than the kernel's (an older, unrelated difference).
    if (prog.globalFuncs?.length) assert.equal(r.insnProcessed, c.processed_insns, `${name}: processed`);
  }
  assert.ok(withGlobals >= 3, `programs with global functions: ${withGlobals}`);
});
