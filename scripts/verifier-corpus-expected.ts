/**
 * Extracts the kernel's verdicts for the corpus programs whose objects are in
 * test/fixtures/ebpf-samples into test/golden/verifier/corpus-expected.json, so that
 * `npm test` can score the verifier without ../shared.
 *
 *   node --import tsx scripts/verifier-corpus-expected.ts
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/helpers/corpus.js';

const shared = join(REPO_ROOT, '../shared/corpus/ebpf-samples/manifest.json');
const manifest = JSON.parse(readFileSync(shared, 'utf8')) as { kernel: string; programs: Record<string, unknown>[] };
const fixtures = join(REPO_ROOT, 'test/fixtures/ebpf-samples');
const keep = ['kernel_log', 'object', 'section', 'function', 'prog_type', 'expected_attach_type', 'maps_created_by', 'kernel_6_18', 'error', 'processed_insns', 'total_states', 'peak_states'];
const programs = manifest.programs
  .filter((p) => p.kernel_6_18 !== 'ENV' && existsSync(join(fixtures, p.object as string)))
  .map((p) => Object.fromEntries(keep.map((k) => [k, p[k] ?? null])));
writeFileSync(join(REPO_ROOT, 'test/golden/verifier/corpus-expected.json'), JSON.stringify({
  kernel: manifest.kernel, source: '../shared/corpus/ebpf-samples/manifest.json', programs,
}, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${programs.length} programs`);

// Level-1 logs of rejected programs (small ones; the largest stay in ../shared) for log comparison.
const logsDir = join(REPO_ROOT, 'test/golden/verifier/kernel-logs');
mkdirSync(logsDir, { recursive: true });
let copied = 0;
for (const p of programs) {
  const log = p.kernel_log as string | null;
  if (!log) continue;
  const from = join(REPO_ROOT, '../shared/corpus/ebpf-samples', log.startsWith('kernel-logs/') ? log : `kernel-logs/${log}`);
  if (existsSync(from) && statSync(from).size <= 16384) {
    copyFileSync(from, join(logsDir, from.slice(from.lastIndexOf('/') + 1)));
    copied++;
  }
}
console.log(`${copied} kernel logs copied`);
