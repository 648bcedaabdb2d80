/**
 * `tsbpf verify` loads objects as libbpf does, CO-RE relocations included: a read of a field that
 * no kernel type has is poisoned, and Linux 6.18 rejected the program at that call
 * (corpus manifest, kernel_6_18: cilium-ebpf/errors-el.elf, `invalid func unknown#195896080`,
 * 6 and 4 instructions processed).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { memoryIo } from '../helpers/io.js';

const obj = new Uint8Array(readFileSync(join(REPO_ROOT, 'test/fixtures/ebpf-samples/cilium-ebpf/errors-el.elf')));

for (const [program, processed, pc] of [['poisoned_single', 6, 6], ['poisoned_double', 4, 4]] as const) {
  test(`tsbpf verify rejects a CO-RE-poisoned read as Linux 6.18 does: ${program}`, async () => {
    const { io, out } = memoryIo({ 'errors-el.elf': obj });
    assert.equal(await main(['verify', 'errors-el.elf', '--program', program], io), 1, out.stderr);
    assert.match(out.stdout, new RegExp(`^${pc}: \\(85\\) call unknown#195896080\\ninvalid func unknown#195896080\\nprocessed ${processed} insns `, 'm'));
  });
}
