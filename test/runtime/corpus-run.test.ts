/**
 * Robustness over real programs: every program of the committed corpus subset that the kernel
 * accepted runs on a few packets (or a zeroed context blob) and either completes or stops with a
 * typed tsbpf error (LoadError for what tsbpf does not model, VmError for a fault) — never a
 * JavaScript exception. Most complete: the count is a floor, so a regression shows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TsbpfError } from '../../src/errors.js';
import { loadObject } from '../../src/loader/index.js';
import type { ProgTypeName } from '../../src/loader/sections.js';
import { progTypeInfo } from '../../src/progtypes/index.js';
import { ObjectInstance } from '../../src/runtime/instance.js';
import { examplePackets } from '../../scripts/make-example-pcap.js';

const root = join(import.meta.dirname, '../fixtures/ebpf-samples');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as
  { programs: { object: string; section: string; function: string | null; prog_type: ProgTypeName; kernel_6_18: string }[] };

test('accepted corpus programs run or fail with a typed error', () => {
  const frames = examplePackets(4);
  let completed = 0;
  let total = 0;
  for (const p of manifest.programs) {
    if (p.kernel_6_18 !== 'ACCEPT') continue;
    total++;
    try {
      const inst = new ObjectInstance(loadObject(new Uint8Array(readFileSync(join(root, p.object)))), { cpus: 2 });
      const index = inst.findProgram({ section: p.section, program: p.function ?? undefined });
      for (const frame of frames) {
        if (progTypeInfo(p.prog_type).packet === 'none') inst.runContext(index, new Uint8Array(512));
        else inst.runPacket(index, frame, { type: p.prog_type, copyOut: false });
      }
      completed++;
    } catch (e) {
      assert.ok(e instanceof TsbpfError, `${p.object} ${p.section}/${p.function}: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }
  assert.ok(total > 350, `${total} accepted programs`);
  assert.ok(completed / total > 0.85, `${completed} of ${total} completed`);
});
