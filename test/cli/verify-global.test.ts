import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { memoryIo } from '../helpers/io.js';

test('tsbpf verify treats BTF-global functions as a libbpf load does', async () => {
  // Linux 6.18 accepted build/global_func.o (xdp, test_global_func) after processing 29
  // instructions when libbpf loaded it with BTF func_info (corpus manifest, kernel_6_18).
  const obj = new Uint8Array(readFileSync(join(REPO_ROOT, 'test/fixtures/ebpf-samples/build/global_func.o')));
  const { io, out } = memoryIo({ 'global_func.o': obj });
  assert.equal(await main(['verify', 'global_func.o'], io), 0, out.stderr);
  assert.match(out.stdout, /^processed 29 insns /m);
  assert.match(out.stdout, /verdict: ACCEPT\n$/);
});
