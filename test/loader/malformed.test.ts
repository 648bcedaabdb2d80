/**
 * Bad input never crashes the loader: truncated and byte-flipped versions of real objects either
 * load or fail with a `LoadError` that names a section or offset — never a RangeError, TypeError
 * or hang. Deterministic mutations (xorshift), so a failure reproduces.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LoadError } from '../../src/errors.js';
import { loadObject } from '../../src/loader/index.js';

const fixtures = join(import.meta.dirname, '../fixtures/ebpf-samples');
const objects = ['linux/sockex1_kern.o', 'cilium-ebpf/loader-el.elf', 'bpf_cilium_test/bpf_lxc_jit.o', 'katran/xdp_root.o', 'invalid/badsymsize.o', 'invalid/invalid-lddw.o']
  .map((p) => ({ name: p, bytes: new Uint8Array(readFileSync(join(fixtures, p))) }));

function check(bytes: Uint8Array, what: string): void {
  try {
    loadObject(bytes);
  } catch (e) {
    assert.ok(e instanceof LoadError, `${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.ok(e.where.length > 0, `${what}: the error names a place`);
  }
}

test('truncated objects fail with a LoadError', () => {
  for (const { name, bytes } of objects) {
    for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 97))) check(bytes.subarray(0, cut), `${name} cut at ${cut}`);
  }
});

test('byte-flipped objects load or fail with a LoadError', () => {
  let x = 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return x >>> 0;
  };
  for (const { name, bytes } of objects) {
    for (let k = 0; k < 300; k++) {
      const copy = bytes.slice();
      const flips = 1 + (next() % 4);
      for (let f = 0; f < flips; f++) copy[next() % copy.length] = next() & 0xff;
      check(copy, `${name} mutation ${k}`);
    }
  }
});
