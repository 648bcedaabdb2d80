/**
 * docs/helpers.md documents every helper tsbpf registers, with the kernel's id and name, and every
 * registered helper has a kernel prototype in src/helpers/protos.ts or is listed as one without
 * (so the verifier can check calls to it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HelperEnv } from '../../src/helpers/env.js';
import { kernelHelpers } from '../../src/helpers/kernel.js';
import { helperProto } from '../../src/helpers/protos.js';
import { helperName } from '../../src/isa/helpers.js';
import { MapRegistry } from '../../src/maps/registry.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/helpers.md'), 'utf8');
const helpers = kernelHelpers(new HelperEnv(new MapRegistry())).entries();

test('docs/helpers.md lists every registered helper with its kernel id', () => {
  const rows = new Map([...doc.matchAll(/^\| (\d+) \| `(bpf_\w+)` \|/gm)].map((m) => [Number(m[1]), m[2]]));
  for (const h of helpers) {
    assert.equal(rows.get(h.id), h.name, `helper ${h.name} (#${h.id}) documented`);
    assert.equal(helperName(h.id), h.name, `helper #${h.id} has the kernel's name`);
  }
  assert.equal(rows.size, helpers.length, 'no documented helper that is not registered');
});

test('every registered helper has a prototype for the verifier', () => {
  for (const h of helpers) assert.ok(helperProto(h.id), `prototype of ${h.name}`);
});
