/**
 * Consistency of the verifier goldens (test/golden/verifier/, made on Linux 6.18 by
 * scripts/verifier-golden/generate.ts): every golden parses, its bytes decode, and they are what
 * the case file assembles to today, so a case and its recorded kernel answer cannot drift apart.
 * The verifier itself is tested against these files elsewhere.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decode } from '../../src/isa/codec.js';
import { PROG_TYPE, caseBytesHex, parseCase } from '../../scripts/verifier-golden/case-file.js';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), '../golden/verifier');
const casesDir = join(goldenDir, 'cases');

/** `<dir>/<group>/<name><ext>`: goldens and cases live one level down, by group. */
function walk(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((g) => g.isDirectory() && join(dir, g.name) !== casesDir)
    .flatMap((g) => readdirSync(join(dir, g.name)).filter((f) => f.endsWith(ext)).map((f) => join(dir, g.name, f)));
}

interface Golden {
  case: string; desc: string; kernel: string; type: string; maps: { name: string; type: number }[];
  bytesHex: string; accepted: boolean; errno: string | null; insnProcessed: number | null;
  log1: string | null; log2: string | null;
}

const goldens = walk(goldenDir, '.json').map((file) => ({ file, golden: JSON.parse(readFileSync(file, 'utf8')) as Golden }));
const cases = walk(casesDir, '.s');

describe('verifier goldens', () => {
  it('has one golden per case file and one case file per golden', () => {
    const fromGoldens = goldens.map(({ file }) => relative(goldenDir, file).replace(/\.json$/, '')).sort();
    const fromCases = cases.map((f) => relative(casesDir, f).replace(/\.s$/, '')).sort();
    assert.deepEqual(fromGoldens, fromCases);
    assert.ok(goldens.length >= 150, `${goldens.length} goldens`);
  });

  it('records a Linux 6.18 answer with a verdict consistent with the log', () => {
    for (const { file, golden: g } of goldens) {
      const at = relative(goldenDir, file);
      assert.match(g.kernel, /^6\.18\./, at);
      assert.ok(g.type in PROG_TYPE, at);
      assert.equal(g.accepted, g.errno === null, at);
      const log = g.log1 ?? g.log2;
      assert.ok(log !== null, at);
      // Programs refused before the verifier runs (empty, too many instructions) have no log.
      if (g.insnProcessed !== null) assert.match(log, new RegExp(`processed ${g.insnProcessed} insns \\(limit 1000000\\)`), at);
    }
  });

  it('holds bytes that decode and equal what the case file assembles to', () => {
    for (const { file, golden: g } of goldens) {
      const at = relative(goldenDir, file);
      const source = join(casesDir, relative(goldenDir, file).replace(/\.json$/, '.s'));
      assert.ok(existsSync(source), at);
      const c = parseCase(readFileSync(source, 'utf8'), g.case);
      assert.equal(caseBytesHex(c), g.bytesHex, at);
      assert.equal(c.type, g.type, at);
      assert.deepEqual(c.maps.map((m) => [m.name, m.type]), g.maps.map((m) => [m.name, m.type]), at);
      const bytes = Uint8Array.from(Buffer.from(g.bytesHex, 'hex'));
      assert.equal(bytes.length % 8, 0, at);
      // A lone first half of LD_IMM64 is the one shape decode refuses; those cases test exactly that.
      if (!/lone-ldimm64/.test(at)) assert.ok(decode(bytes).length > 0 || bytes.length === 0, at);
    }
  });
});
