/**
 * CO-RE relocations and `__ksym` externs against libbpf itself: for every corpus object with CO-RE
 * records or `.ksyms` externs, the instructions libbpf 1.1 handed to BPF_PROG_LOAD (against the
 * committed Linux 6.18 BTF; scripts/core-golden/generate.ts), and for tsbpf's fixture covering
 * every relocation kind clang 14 emits (test/fixtures/core), are compared, function by function,
 * with what tsbpf's loader produces given the same BTF. Map descriptors (libbpf's fds, tsbpf's map
 * indices) are not compared; call and function-address targets are compared as function + offset.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadElf, type BpfObject, type LoadedProgram } from '../../src/loader/object.js';
import { readKernelBtf } from '../../src/node/kernel-btf.js';
import { withKconfigMap } from '../../src/verifier/kconfig.js';
import { REPO_ROOT } from '../helpers/corpus.js';

type Slot = [code: number, dst: number, src: number, off: number, imm: number];
interface GoldenProgram { name: string; section: string; insns: Slot[]; funcs: { insn: number; name: string }[] }
interface GoldenObject { error?: { stage: string; errno: number }; log: string[]; programs: GoldenProgram[] }
const golden = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/loader/core-libbpf.json'), 'utf8')) as {
  objects: Record<string, GoldenObject>;
};

function objectPath(object: string): string | undefined {
  for (const dir of [join(REPO_ROOT, 'test/fixtures'), join(REPO_ROOT, 'test/fixtures/ebpf-samples'), join(REPO_ROOT, '../shared/corpus/ebpf-samples')]) {
    if (existsSync(join(dir, object))) return join(dir, object);
  }
  return undefined;
}

/** tsbpf's program as 8-byte slots, with `.kconfig` externs laid out as libbpf does. */
function slotsOf(obj: BpfObject, p: LoadedProgram): Slot[] {
  const { insns } = withKconfigMap(obj, p.insns, p.externs);
  const out: Slot[] = [];
  for (const i of insns) {
    out.push([i.code, i.dst, i.src, i.off, i.imm]);
    if (i.hi !== undefined) out.push([0, 0, 0, 0, i.hi]);
  }
  return out;
}

function slotOfInsn(p: LoadedProgram, index: number): number {
  let slot = 0;
  for (let i = 0; i < index; i++) slot += p.insns[i]!.hi === undefined ? 1 : 2;
  return slot;
}

interface Func { name: string; start: number; end: number }
function functions(starts: { insn: number; name: string }[], length: number): Func[] {
  const sorted = [...starts].sort((a, b) => a.insn - b.insn);
  return sorted.map((f, i) => ({ name: f.name, start: f.insn, end: sorted[i + 1]?.insn ?? length }));
}

/** A slot with layout-dependent fields replaced by what they mean. */
function normalise(slots: Slot[], at: number, funcs: Func[]): string {
  const [code, dst, src, off, imm] = slots[at]!;
  const target = (t: number): string => {
    const f = funcs.find((x) => t >= x.start && t < x.end);
    return f ? `${f.name}+${t - f.start}` : `?${t}`;
  };
  if (code === 0x85 && src === 1) return `call ${target(at + imm + 1)}`;
  if (code === 0x18 && src === 4) return `ld_func r${dst} ${target(at + imm + 1)}`;
  if (code === 0x18 && (src === 1 || src === 2)) return `ld_map r${dst} src=${src} value_off=${slots[at + 1]?.[4]}`;
  return `${code} ${dst} ${src} ${off} ${imm}`;
}

const kernelBtf = readKernelBtf();
let compared = 0;

for (const [object, expected] of Object.entries(golden.objects)) {
  const path = objectPath(object);
  test(`CO-RE and externs as libbpf: ${object}`, { skip: path ? false : `${object}: corpus not present` }, () => {
    const obj = loadElf(readFileSync(path!), { kernelBtf });
    if (expected.error?.stage === 'open') return; // libbpf 1.1 cannot open it (nothing to compare)
    if (expected.error) {
      // libbpf refused the whole object (a missing extern): tsbpf refuses the programs using it.
      const reason = expected.log.find((l) => l.includes('not found in kernel'));
      assert.ok(reason, `${object}: libbpf failed for a reason this test does not know: ${expected.log.slice(-3).join(' | ')}`);
      const name = /'([^']+)': not found/.exec(reason)![1]!;
      assert.ok(obj.refused.some((r) => r.error.message.includes(`'${name}': not found in kernel BTF`)), `${object}: expected a refusal naming ${name}`);
      return;
    }
    for (const gp of expected.programs) {
      const p = obj.programs.find((q) => q.name === gp.name && q.section === gp.section);
      const refusal = obj.refused.find((r) => r.name === gp.name);
      assert.ok(p, `${object}: program ${gp.name} not loaded${refusal ? `: ${refusal.error.message}` : ''}`);
      const mine = slotsOf(obj, p);
      // Typeless ksyms are kernel addresses from /proc/kallsyms (KASLR): not comparable.
      const kallsyms = new Set(expected.log.flatMap((l) => /extern \(ksym\) '([^']+)': set to 0x/.exec(l)?.[1] ?? []));
      const maskedSlots = new Set(p.externs.filter((e) => kallsyms.has(e.name)).map((e) => slotOfInsn(p, e.insn)));
      const mineFuncs = functions([{ insn: 0, name: gp.funcs[0]?.name ?? gp.name }, ...(p.subprogs ?? []).map((s) => ({ insn: s.slot, name: s.name }))], mine.length);
      const theirFuncs = functions(gp.funcs.length ? gp.funcs : [{ insn: 0, name: gp.name }], gp.insns.length);
      assert.deepEqual(mineFuncs.map((f) => f.name).sort(), theirFuncs.map((f) => f.name).sort(), `${object} ${gp.name}: functions`);
      for (const tf of theirFuncs) {
        const mf = mineFuncs.find((f) => f.name === tf.name)!;
        const theirs = [];
        const ours = [];
        const masked = (i: number): boolean => maskedSlots.has(mf.start + i) || maskedSlots.has(mf.start + i - 1);
        for (let i = tf.start; i < tf.end; i++) theirs.push(`${i - tf.start}: ${masked(i - tf.start) ? 'kallsyms address' : normalise(gp.insns, i, theirFuncs)}`);
        for (let i = mf.start; i < mf.end; i++) ours.push(`${i - mf.start}: ${masked(i - mf.start) ? 'kallsyms address' : normalise(mine, i, mineFuncs)}`);
        assert.deepEqual(ours, theirs, `${object} ${gp.name}: function ${tf.name}`);
        compared += theirs.length;
      }
    }
  });
}

test('CO-RE goldens cover instructions', { skip: Object.keys(golden.objects).every((o) => !objectPath(o)) ? 'no corpus objects present' : false }, () => {
  assert.ok(compared > 1000, `only ${compared} instructions compared`);
});
