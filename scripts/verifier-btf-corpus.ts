/**
 * Copies the corpus objects whose programs need kernel BTF (struct_ops congestion control,
 * tp_btf and iterator tracing programs) into test/fixtures/ebpf-samples and extracts their Linux
 * 6.18 verdicts and counts from the shared manifest into test/golden/verifier/btf-corpus.json, for
 * test/verifier/btf.test.ts.
 *
 *   node --import tsx scripts/verifier-btf-corpus.ts
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../test/helpers/corpus.js';

const OBJECTS = ['linux-selftests/bpf_cubic.o', 'linux-selftests/bpf_dctcp.o', 'linux-selftests/kfree_skb.o', 'libbpf-bootstrap/task_iter.bpf.o'];
const shared = join(REPO_ROOT, '../shared/corpus/ebpf-samples');
const manifest = JSON.parse(readFileSync(join(shared, 'manifest.json'), 'utf8')) as { kernel: string; programs: Record<string, unknown>[] };
const keep = ['kernel_log', 'object', 'section', 'function', 'prog_type', 'expected_attach_type', 'maps_created_by', 'kernel_6_18', 'error', 'processed_insns', 'total_states', 'peak_states'];
for (const o of OBJECTS) {
  const to = join(REPO_ROOT, 'test/fixtures/ebpf-samples', o);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(shared, o), to);
}
const programs = manifest.programs
  .filter((p) => OBJECTS.includes(p.object as string) && p.kernel_6_18 !== 'ENV')
  .map((p) => Object.fromEntries(keep.map((k) => [k, p[k] ?? null])));
writeFileSync(join(REPO_ROOT, 'test/golden/verifier/btf-corpus.json'), JSON.stringify({
  kernel: manifest.kernel, source: '../shared/corpus/ebpf-samples/manifest.json', programs,
}, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${programs.length} programs`);
