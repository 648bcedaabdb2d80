/**
 * Kernel functions and `.kconfig` values against Linux 6.18 (verdicts and counts of the corpus
 * manifest, test/golden/verifier/corpus-expected.json): kfunc prototypes come from the committed
 * vmlinux BTF, `.kconfig` externs from the committed kernel configuration, as libbpf filled them.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readKernelBtf } from '../../src/node/kernel-btf.js';
import { readKernelConfig } from '../../src/node/kernel-config.js';
import { verify } from '../../src/verifier/index.js';
import { parseKernelConfig } from '../../src/verifier/kconfig.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { type CorpusCase, loadCorpusCase } from '../helpers/verifier-corpus.js';

const fixtures = join(REPO_ROOT, 'test/fixtures/ebpf-samples');
const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/corpus-expected.json'), 'utf8')) as { programs: CorpusCase[] };
const cases = (object: string): CorpusCase[] => expected.programs.filter((c) => c.object === object && c.kernel_6_18 !== 'ENV');

test('the committed kernel configuration is Linux 6.18 with HZ=250', () => {
  const config = readKernelConfig();
  assert.match(config.release, /^6\.18\./);
  assert.equal(config.values.get('CONFIG_HZ'), '250');
  assert.deepEqual(parseKernelConfig('# Linux/x86 6.18.1 Kernel Configuration\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_S="x"\n'),
    { release: '6.18.1', values: new Map([['CONFIG_A', 'y'], ['CONFIG_S', '"x"']]) });
});

for (const object of ['cilium-ebpf/kfunc-el.elf', 'cilium-ebpf/kconfig-el.elf', 'cilium-ebpf/ksym-el.elf']) {
  test(`${object}: verdicts and processed counts as Linux 6.18`, { skip: !existsSync(join(fixtures, object)) && 'fixture missing' }, () => {
    const programs = cases(object);
    assert.ok(programs.length > 0);
    for (const c of programs) {
      const r = verify(loadCorpusCase(fixtures, c), { logLevel: 1, kernelBtf: readKernelBtf() });
      assert.equal(r.accepted, c.kernel_6_18 === 'ACCEPT', `${c.function}: ${r.error.join(' ')}`);
      assert.equal(r.insnProcessed, c.processed_insns, c.function ?? '');
    }
  });
}

test('kfunc calls without the kernel BTF are refused, never guessed', { skip: !existsSync(join(fixtures, 'cilium-ebpf/kfunc-el.elf')) && 'fixture missing' }, () => {
  const c = cases('cilium-ebpf/kfunc-el.elf').find((p) => p.function === 'call_kfunc')!;
  const r = verify(loadCorpusCase(fixtures, c), { logLevel: 1 });
  assert.equal(r.accepted, false);
  assert.match(r.error.join('\n'), /kernel's BTF/);
});
