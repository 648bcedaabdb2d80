/** Locations of the external reference corpora used by tests. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The conformance corpus: the in-repo copy if present, else ../shared/conformance. */
export function conformanceRoot(): string | undefined {
  for (const dir of [join(REPO_ROOT, 'test/fixtures/conformance'), join(REPO_ROOT, '../shared/conformance')]) {
    if (existsSync(join(dir, 'manifest.json'))) return dir;
  }
  return undefined;
}
