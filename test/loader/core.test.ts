/**
 * CO-RE edge cases that libbpf's goldens do not reach: flavor names, malformed `.BTF.ext`, and a
 * record whose instruction does not hold the value the record expects (libbpf refuses the load;
 * tsbpf refuses that program with a LoadError saying where).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoadError } from '../../src/errors.js';
import { parseElf } from '../../src/loader/elf.js';
import { essentialNameLength } from '../../src/loader/core-match.js';
import { loadElf } from '../../src/loader/object.js';
import { readKernelBtf } from '../../src/node/kernel-btf.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const fixture = readFileSync(join(REPO_ROOT, 'test/fixtures/core/core_kinds.bpf.o'));
const kernelBtf = readKernelBtf();

test('essential names drop the last ___flavor suffix (libbpf bpf_core_essential_name_len)', () => {
  const essential = (n: string): string => n.slice(0, essentialNameLength(n));
  assert.equal(essential('task_struct___old'), 'task_struct');
  assert.equal(essential('task_struct___a___b'), 'task_struct___a');
  assert.equal(essential('task_struct'), 'task_struct');
  assert.equal(essential('___x'), '___x'); // nothing before the separator
  assert.equal(essential('a____b'), 'a____b'); // four underscores: not a separator
  assert.equal(essential('a___'), 'a___');
});

test('without kernel BTF, instructions stay as compiled', () => {
  const plain = loadElf(fixture);
  const relocated = loadElf(fixture, { kernelBtf });
  assert.equal(plain.core, undefined);
  assert.ok(relocated.core && relocated.core.length > 40);
  const p = plain.programs.find((x) => x.name === 'core_fields')!;
  const r = relocated.programs.find((x) => x.name === 'core_fields')!;
  assert.notDeepEqual(p.insns, r.insns);
});

test('kernel BTF is read only for objects that need it', () => {
  let reads = 0;
  loadElf(readFileSync(join(REPO_ROOT, 'examples/globals.o')), { kernelBtf: () => { reads++; return kernelBtf; } });
  assert.equal(reads, 0);
  loadElf(fixture, { kernelBtf: () => { reads++; return kernelBtf; } });
  assert.equal(reads, 1);
});

/** A copy of the fixture with `edit` applied to the bytes of section `name`. */
function withSection(name: string, edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
  const copy = new Uint8Array(fixture);
  const sec = parseElf(copy).sectionByName(name)!;
  const bytes = copy.subarray(sec.offset, sec.offset + sec.size);
  edit(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return copy;
}

test('a CO-RE part running past .BTF.ext is a LoadError naming the section', () => {
  const bad = withSection('.BTF.ext', (_b, v) => v.setUint32(28, 0x7fffffff, true));
  assert.throws(() => loadElf(bad, { kernelBtf }), (e: unknown) => e instanceof LoadError && e.section === '.BTF.ext' && /run past the end/.test(e.message));
});

test('an instruction that does not hold the expected value refuses its program only', () => {
  // core_fields' first record is `r = *(u32 *)(task + 0)` (pid); make the offset 2.
  const bad = withSection('kprobe/core_fields', (_b, v) => v.setInt16(4 * 8 + 2, 2, true));
  const obj = loadElf(bad, { kernelBtf });
  const refusal = obj.refused.find((r) => r.name === 'core_fields');
  assert.ok(refusal, 'core_fields refused');
  assert.match(refusal.error.message, /kprobe\/core_fields\+0x20: CO-RE relocation #0: unexpected insn #4 \(LDX\/ST\/STX\) value: got 2, exp 0 -> 1264/);
  assert.ok(obj.programs.some((p) => p.name === 'core_types'), 'other programs still load');
});

test('byte-flipped .BTF and .BTF.ext give a program or a LoadError, never a crash', () => {
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  for (const name of ['.BTF', '.BTF.ext']) {
    for (let round = 0; round < 150; round++) {
      const bad = withSection(name, (b) => {
        for (let k = 0; k < 3; k++) b[random(b.length)] = random(256);
      });
      try {
        loadElf(bad, { kernelBtf });
      } catch (e) {
        assert.ok(e instanceof LoadError, `${name} round ${round}: ${(e as Error).stack}`);
      }
    }
  }
});

test('a missing kernel BTF file is a LoadError naming it', () => {
  assert.throws(() => readKernelBtf('/nonexistent/vmlinux.btf'), (e: unknown) => e instanceof LoadError && e.section === '/nonexistent/vmlinux.btf');
});
