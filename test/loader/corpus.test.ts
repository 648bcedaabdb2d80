/**
 * The loader against real objects and the Linux 6.18 reference loads: every program the kernel
 * verified (ACCEPT or REJECT) must come out of `loadElf` with exactly the instruction count that
 * was submitted to the kernel (after relocation and subprogram appending), and with the program
 * type libbpf derives from its section name. Runs on the committed subset, and on the whole
 * corpus in ../shared when it is present.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LoadError } from '../../src/errors.js';
import { loadElf } from '../../src/loader/object.js';

interface ManifestProgram {
  object: string; section: string; function: string | null; prog_type: string; prog_type_from: string;
  insns: number; kernel_6_18: 'ACCEPT' | 'REJECT' | 'ENV';
}

function checkCorpus(root: string): { verified: number; loaded: number } {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { objects: { object: string }[]; programs: ManifestProgram[] };
  let verified = 0;
  let loaded = 0;
  for (const { object } of manifest.objects) {
    const programs = manifest.programs.filter((p) => p.object === object);
    let obj: ReturnType<typeof loadElf> | undefined;
    try {
      obj = loadElf(new Uint8Array(readFileSync(join(root, object))));
    } catch (e) {
      assert.ok(e instanceof LoadError, `${object}: ${String(e)}`);
      assert.ok(e.section.length > 0, `${object}: LoadError names a place`);
    }
    for (const p of programs) {
      if (p.kernel_6_18 === 'ENV') continue;
      verified++;
      assert.ok(obj, `${object} failed to load`);
      const mine = obj.programs.find((q) => q.section === p.section && q.function === p.function);
      assert.ok(mine, `${object}: program ${p.section}/${p.function} not found`);
      assert.equal(mine.slots, p.insns, `${object} ${p.section}/${p.function}: instruction count`);
      if (p.prog_type_from === 'libbpf') assert.equal(mine.type, p.prog_type, `${object} ${p.section}: program type`);
      loaded++;
    }
  }
  return { verified, loaded };
}

test('committed corpus subset: every ACCEPT/REJECT program loads with the kernel-submitted size', () => {
  const { verified, loaded } = checkCorpus(join(import.meta.dirname, '../fixtures/ebpf-samples'));
  assert.ok(verified > 400);
  assert.equal(loaded, verified);
});

const full = join(import.meta.dirname, '../../../shared/corpus/ebpf-samples');
test('full corpus in ../shared (skipped when absent)', { skip: !existsSync(join(full, 'manifest.json')) && 'corpus not present' }, () => {
  const { verified, loaded } = checkCorpus(full);
  assert.equal(loaded, verified);
  assert.equal(verified, 587);
});
