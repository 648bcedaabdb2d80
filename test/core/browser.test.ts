/**
 * The core runs in a browser: nothing outside src/cli and src/node imports a `node:` module, and
 * the public entry point bundles for the browser platform with no Node built-ins left over.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { REPO_ROOT } from '../helpers/corpus.js';

const NODE_ONLY = ['src/cli/', 'src/node/'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

test('core modules import nothing from node:', () => {
  const offenders = sources(join(REPO_ROOT, 'src'))
    .map((p) => relative(REPO_ROOT, p))
    .filter((p) => !NODE_ONLY.some((prefix) => p.startsWith(prefix)))
    .filter((p) => /from\s+['"]node:|import\(\s*['"]node:|require\(\s*['"]node:/.test(readFileSync(join(REPO_ROOT, p), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the library entry point bundles for the browser', async () => {
  const result = await build({
    entryPoints: [join(REPO_ROOT, 'src/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  assert.equal(result.errors.length, 0);
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /\bfrom\s*["']node:|require\(["']node:/);
});
