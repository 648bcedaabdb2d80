/** `tsbpf verify` on assembly with maps, checked against the Linux 6.18 log of the same program. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { maskLog } from '../helpers/verifier-corpus.js';
import { KERNEL_GOLDEN } from '../helpers/verifier-cases.js';

function io(files: Record<string, string>): Io & { out: string; err: string } {
  const r = {
    out: '', err: '', isTTY: false,
    stdout: (t: string) => { r.out += t; },
    stderr: (t: string) => { r.err += t; },
    readFile: async (p: string) => {
      if (!(p in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT', path: p });
      return new TextEncoder().encode(files[p]);
    },
    writeFile: async () => {},
  };
  return r;
}

test('tsbpf verify prints the kernel log and the verdict for assembly with maps', async () => {
  const golden = JSON.parse(readFileSync(KERNEL_GOLDEN, 'utf8')) as { cases: { name: string; log1: string }[] };
  const kernel = golden.cases.find((c) => c.name === 'no_null_check')!.log1;
  const t = io({
    'p.s': '*(u64 *)(r10 - 8) = 0\nr2 = r10\nr2 += -8\nr1 = map[0] ll\ncall 1\n*(u64 *)(r0 + 0) = 0\nexit\n',
    'maps.json': '[{"type":"hash","keySize":8,"valueSize":8,"maxEntries":16}]',
  });
  const code = await main(['verify', 'p.s', '--maps', 'maps.json'], t);
  assert.equal(code, 1);
  assert.equal(maskLog(t.out), maskLog(kernel) + 'verdict: REJECT (EACCES)\n');
});

test('tsbpf verify accepts a safe program with exit status 0 and rejects bad options', async () => {
  const t = io({ 'ok.s': 'r0 = 0\nexit\n' });
  assert.equal(await main(['verify', 'ok.s', '--log-level', '1'], t), 0);
  assert.match(t.out, /^processed 2 insns .*\nverdict: ACCEPT\n$/);
  assert.equal(await main(['verify', 'ok.s', '--log-level', '7'], io({})), 2);
});
