/**
 * Hand-written cases of the goldens' groups (test/golden/verifier/<group>/*.json, recorded on
 * Linux 6.18 by scripts/verifier-golden/generate.ts) that exercise spin locks and callbacks:
 * tsbpf's verdict, errno, processed count and level-1 log must be the kernel's.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCase, type CaseMap } from '../../src/text/case-file.js';
import { verify, type MapInfo } from '../../src/verifier/index.js';
import { maskLog } from '../helpers/verifier-corpus.js';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), '../golden/verifier');

interface Golden { case: string; accepted: boolean; errno: string | null; insnProcessed: number | null; log1: string | null }

/** The maps as the golden generator created them: `spin_lock` values carry BTF with the lock at 0. */
function mapInfo(m: CaseMap): MapInfo {
  const info: MapInfo = { name: m.name, type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags };
  return m.btf === 'spin_lock' ? { ...info, hasBtf: true, spinLockOffset: 0 } : info;
}

/** Groups (and case-name prefixes) this file holds tsbpf to. */
const GROUPS: [group: string, prefix: string][] = [['lock', ''], ['callbacks', '']];

for (const [group, prefix] of GROUPS) {
  for (const file of readdirSync(join(goldenDir, group)).filter((f) => f.endsWith('.json') && f.startsWith(prefix)).sort()) {
    const g = JSON.parse(readFileSync(join(goldenDir, group, file), 'utf8')) as Golden;
    test(`${group}/${file}: verdict, errno, processed count and level-1 log as Linux 6.18`, () => {
      const c = parseCase(readFileSync(join(goldenDir, 'cases', group, file.replace(/\.json$/, '.s')), 'utf8'), g.case);
      const r = verify({ insns: c.insns, progType: c.type, maps: c.maps.map(mapInfo), license: c.license }, { logLevel: 1 });
      assert.equal(r.accepted, g.accepted);
      assert.equal(r.errno, g.errno);
      assert.equal(r.insnProcessed, g.insnProcessed);
      assert.equal(maskLog(r.log), maskLog(g.log1 ?? ''));
    });
  }
}
