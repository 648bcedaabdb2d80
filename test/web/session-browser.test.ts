/**
 * The session runs in a Web Worker: the worker entry bundles for the browser platform with
 * everything it reaches (session, core), and no Node built-in is left in the bundle.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { ROOT } from './session-cli.js';

test('the worker bundles for the browser with no node: module', async () => {
  const result = await build({
    entryPoints: [join(ROOT, 'web/src/worker.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true,
  });
  assert.equal(result.errors.length, 0);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith('web/src/session/debug-ebpf.ts')), 'the bundle reaches the session');
  assert.deepEqual(inputs.filter((p) => p.startsWith('node:') || p.includes('src/cli/') || p.includes('src/node/')), []);
  assert.doesNotMatch(result.outputFiles[0]!.text, /\bfrom\s*["']node:|require\(["']node:/);
});
