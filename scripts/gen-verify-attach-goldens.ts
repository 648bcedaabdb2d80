/**
 * Linux 6.18's answers for the BTF-typed programs of the committed fixture objects bpf_cubic.o,
 * bpf_dctcp.o (struct_ops tcp_congestion_ops) and kfree_skb.o (tp_btf, fentry, fexit), taken from
 * the shared corpus manifest into test/golden/verifier/attach-objects.json for
 * test/cli/verify-attach.test.ts and test/verifier/attach.test.ts: libbpf's expected_attach_type,
 * the verdict, the processed/total/peak counts, the closing `processed …` line when the corpus
 * holds a kernel log, and ENV programs (the kernel never verified them) with the reason.
 *
 *   node --import tsx scripts/gen-verify-attach-goldens.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/helpers/corpus.js';

const OBJECTS = ['linux-selftests/bpf_cubic.o', 'linux-selftests/bpf_dctcp.o', 'linux-selftests/kfree_skb.o'];
const shared = join(REPO_ROOT, '../shared/corpus/ebpf-samples');
const manifest = JSON.parse(readFileSync(join(shared, 'manifest.json'), 'utf8')) as { kernel: string; programs: Record<string, unknown>[] };

/** The kernel's closing statistics line, from whichever of the program's logs the corpus kept. */
function closingLine(p: Record<string, unknown>): string | null {
  for (const key of ['kernel_log', 'kernel_log_level2']) {
    const file = p[key];
    if (typeof file !== 'string') continue;
    const line = readFileSync(join(shared, file), 'utf8').split('\n').findLast((l) => l.startsWith('processed '));
    if (line) return line;
  }
  return null;
}

const programs = manifest.programs
  .filter((p) => OBJECTS.includes(p.object as string))
  .map((p) => ({
    object: p.object, section: p.section, function: p.function, prog_type: p.prog_type,
    expected_attach_type: p.expected_attach_type ?? null, kernel_6_18: p.kernel_6_18, error: p.error ?? null,
    processed_insns: p.processed_insns ?? null, total_states: p.total_states ?? null, peak_states: p.peak_states ?? null,
    closing_line: closingLine(p), env_reason: p.env_reason ?? null,
  }));
writeFileSync(join(REPO_ROOT, 'test/golden/verifier/attach-objects.json'), JSON.stringify({
  kernel: manifest.kernel, source: '../shared/corpus/ebpf-samples/manifest.json', programs,
}, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${programs.length} programs`);
