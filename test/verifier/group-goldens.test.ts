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

/**
 * The level-2 preamble of every hand-written case (`func#N @start`, then `Live regs before insn:`
 * with each instruction's SCC number and live registers): identical to Linux 6.18's for at least
 * this many cases. The rest are refused before tsbpf builds the table (structural errors the kernel
 * reports after it), need the kernel's BTF (`btf`), or use instructions tsbpf does not print yet
 * (load-acquire, may_goto).
 */
const PREAMBLE_IDENTICAL = 528;

function preamble(log: string): string {
  const lines = log.split('\n');
  const end = lines.findIndex((l) => /^\d+: (R|frame|\()/.test(l));
  // Map addresses differ from load to load.
  return lines.slice(0, end < 0 ? lines.length : end).join('\n').replace(/(\(18\) r\d+ = )0x[0-9a-f]{9,}/g, '$1ADDR');
}

test('level-2 preambles (subprograms, live registers, SCCs) agree with Linux 6.18', () => {
  let identical = 0;
  for (const group of readdirSync(goldenDir, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name === 'cases' || group.name === 'btf') continue;
    for (const file of readdirSync(join(goldenDir, group.name)).filter((f) => f.endsWith('.json'))) {
      const g = JSON.parse(readFileSync(join(goldenDir, group.name, file), 'utf8')) as Golden & { log2: string | null };
      if (!g.log2?.includes('Live regs before insn:')) continue;
      const c = parseCase(readFileSync(join(goldenDir, 'cases', group.name, file.replace(/\.json$/, '.s')), 'utf8'), g.case);
      const r = verify({ insns: c.insns, progType: c.type, maps: c.maps.map(mapInfo), license: c.license }, { logLevel: 2 });
      if (preamble(r.log) === preamble(g.log2)) identical++;
    }
  }
  assert.ok(identical >= PREAMBLE_IDENTICAL, `${identical} identical preambles, locked ${PREAMBLE_IDENTICAL}`);
});
