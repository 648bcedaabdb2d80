/**
 * src/verifier/attach.ts against what libbpf passed to Linux 6.18 (the corpus manifest's
 * expected_attach_type, in test/golden/verifier/attach-objects.json and btf-corpus.json): the
 * struct_ops member each program fills, and the tracing target named by the section.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LoadError } from '../../src/errors.js';
import { BTF_KIND, Btf, type BtfType } from '../../src/loader/btf.js';
import { parseElf } from '../../src/loader/elf.js';
import { loadElf } from '../../src/loader/object.js';
import { readKernelBtf } from '../../src/node/kernel-btf.js';
import { programAttach } from '../../src/verifier/attach.js';
import { verify } from '../../src/verifier/index.js';
import { attachTypeNumber } from '../helpers/btf-attach.js';
import { REPO_ROOT } from '../helpers/corpus.js';

interface Case { object: string; section: string; function: string; prog_type: string; expected_attach_type: string | null }

const cases = [
  ...(JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/attach-objects.json'), 'utf8')) as { programs: Case[] }).programs,
  ...(JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/btf-corpus.json'), 'utf8')) as { programs: Case[] }).programs
    .filter((c) => c.object === 'libbpf-bootstrap/task_iter.bpf.o'),
];

function open(object: string) {
  const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'test/fixtures/ebpf-samples', object)));
  return { elf: parseElf(bytes), obj: loadElf(bytes) };
}

/** libbpf's expected_attach_type for tracing programs, by attach kind. */
const TRACING_ATTACH_TYPE = { tp_btf: 'trace_raw_tp', iter: 'trace_iter', fentry: 'trace_fentry', fexit: 'trace_fexit', fmod_ret: 'modify_return' } as const;

test('attach targets as libbpf passed them to Linux 6.18 (corpus manifest)', () => {
  assert.equal(cases.length, 18);
  for (const c of cases) {
    const { elf, obj } = open(c.object);
    const prog = obj.programs.find((p) => p.function === c.function)!;
    const a = programAttach(elf, obj.btf, prog, c.prog_type, readKernelBtf);
    assert.ok(a, c.function);
    if (c.prog_type === 'struct_ops') {
      assert.deepEqual(a, { kind: 'struct_ops', target: 'tcp_congestion_ops', member: attachTypeNumber(c.expected_attach_type) }, c.function);
    } else {
      assert.equal(TRACING_ATTACH_TYPE[a.kind as keyof typeof TRACING_ATTACH_TYPE], c.expected_attach_type, c.function);
      assert.equal(a.target, c.section.slice(c.section.indexOf('/') + 1), c.function);
    }
  }
});

test('struct_ops members are matched by name in the kernel struct, by the object\'s order without one', () => {
  const { elf, obj } = open('linux-selftests/bpf_cubic.o');
  const prog = (name: string) => obj.programs.find((p) => p.function === name)!;
  const fnPtr = 2;
  const member = (name: string) => ({ name, type: fnPtr, bitOffset: 0 });
  const struct = (members: string[]): BtfType => ({ id: 1, kind: BTF_KIND.STRUCT, name: 'tcp_congestion_ops', sizeOrType: 8 * members.length, kindFlag: false, vlen: members.length, members: members.map(member) });
  // A kernel whose struct lists `init` first and lacks `cwnd_event`.
  const kernel = new Btf([{ ...struct([]), id: 0, kind: BTF_KIND.UNKN, name: '' }, struct(['init', 'ssthresh', 'cong_avoid'])]);
  assert.equal(programAttach(elf, obj.btf, prog('bpf_cubic_init'), 'struct_ops', kernel)?.member, 0);
  assert.equal(programAttach(elf, obj.btf, prog('bpf_cubic_recalc_ssthresh'), 'struct_ops', kernel)?.member, 1);
  assert.throws(() => programAttach(elf, obj.btf, prog('bpf_cubic_cwnd_event'), 'struct_ops', kernel),
    (e: unknown) => e instanceof LoadError && e.where === '.rel.struct_ops+0x18' && e.detail === 'struct_ops member cwnd_event is not in the kernel\'s struct tcp_congestion_ops');
  // Without kernel BTF: the index in the object's own struct (here vmlinux.h's, the same order).
  assert.equal(programAttach(elf, obj.btf, prog('bpf_cubic_init'), 'struct_ops')?.member, 16);
});

test('tracing sections: target after the prefix, sleepable variants marked, none without a target', () => {
  const { elf } = open('linux-selftests/kfree_skb.o');
  const at = (section: string) => programAttach(elf, undefined, { section, function: 'f' }, 'tracing');
  assert.deepEqual(at('iter.s/task'), { kind: 'iter', target: 'task', sleepable: true });
  assert.deepEqual(at('fentry.s/do_unlinkat'), { kind: 'fentry', target: 'do_unlinkat', sleepable: true });
  assert.deepEqual(at('fmod_ret/security_x'), { kind: 'fmod_ret', target: 'security_x' });
  assert.equal(at('tp_btf/'), undefined);
  assert.equal(at('raw_tp/kfree_skb'), undefined);
  assert.equal(programAttach(elf, undefined, { section: 'tp_btf/kfree_skb', function: 'f' }, 'kprobe'), undefined);
});

test('sleepable and fentry/fexit/fmod_ret targets are refused by name, never verified as something else', () => {
  const exit = [{ code: 0xb7, dst: 0, src: 0, off: 0, imm: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }];
  const refusal = (attach: Parameters<typeof verify>[0]['attach']) =>
    verify({ insns: exit, progType: 'tracing', license: 'GPL', attach }, { kernelBtf: readKernelBtf() }).error.join('\n');
  assert.equal(refusal({ kind: 'iter', target: 'task', sleepable: true }), "sleepable iter program (task) (not supported by tsbpf's verifier)");
  assert.equal(refusal({ kind: 'fexit', target: 'do_unlinkat' }), "fexit program attached to do_unlinkat (not supported by tsbpf's verifier)");
  assert.equal(refusal({ kind: 'iter', target: 'task' }), '', 'the same program as a plain iterator is accepted');
});
