import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main, usage } from '../../src/cli/main.js';
import { memoryIo } from '../helpers/io.js';

const commands = [...usage().matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((c) => c !== 'conformance-plugin');

test('every command answers --help with its usage on stdout and exit code 0', async () => {
  assert.ok(commands.length >= 10, commands.join(' '));
  for (const c of commands) {
    const { io, out } = memoryIo();
    assert.equal(await main([c, '--help'], io), 0, `${c}: ${out.stderr}`);
    assert.match(out.stdout, new RegExp(`^usage: tsbpf ${c}\\b`), c);
    assert.equal(out.stderr, '', c);
  }
});

test('no command, or an unknown one, is a usage error (exit 2)', async () => {
  const none = memoryIo();
  assert.equal(await main([], none.io), 2);
  assert.match(none.out.stdout, /^usage: tsbpf <command>/);
  const unknown = memoryIo();
  assert.equal(await main(['frobnicate'], unknown.io), 2);
  assert.match(unknown.out.stderr, /^tsbpf: unknown command 'frobnicate'/);
});
