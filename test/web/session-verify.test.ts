/**
 * The playground's verify against its references: the kernel's (Linux 6.18) verdicts and logs for
 * the bundled asm examples, which are copies of verifier golden cases, and `tsbpf verify`'s output
 * for the same programs (asm with --type/--maps, and the example objects).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLE_SOURCES, EXAMPLES } from '../../web/src/session/examples.js';
import { statesByPc, verifyInput } from '../../web/src/session/verify.js';
import { cli, maskLog, repoFile, ROOT } from './session-cli.js';

interface Golden { accepted: boolean; errno: string | null; log1: string | null; log2: string | null; maps: { name: string; type: number; keySize: number; valueSize: number; maxEntries: number; flags: number }[]; type: string }
const golden = (path: string): Golden => JSON.parse(readFileSync(join(ROOT, 'test/golden/verifier', `${path}.json`), 'utf8')) as Golden;
const caseText = (path: string): string => readFileSync(join(ROOT, 'test/golden/verifier/cases', `${path}.s`), 'utf8');

const asmExamples = EXAMPLES.filter((e) => e.input.kind === 'ebpf-asm');

/**
 * `tsbpf verify` on the same program: the case's `map[NAME]` references become the CLI's `map[i]`,
 * its `; map:` lines a --maps file, its `; type:` the --type option.
 */
async function cliVerify(text: string, g: Golden, level: 1 | 2): Promise<string> {
  const names = g.maps.map((m) => m.name);
  const source = text.replace(/\bmap\[(\w+)\]/g, (_m, name: string) => `map[${names.indexOf(name)}]`);
  const maps = JSON.stringify(g.maps.map((m) => ({ name: m.name, type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags })));
  const r = await cli(['verify', 'prog.s', '--type', g.type, '--maps', 'maps.json', '--log-level', String(level)], { 'prog.s': source, 'maps.json': maps });
  assert.equal(r.stderr, '');
  return r.stdout;
}

describe('session verify: asm examples', () => {
  it('has one kernel-golden case behind every asm example, copied verbatim', () => {
    assert.ok(asmExamples.length >= 3);
    for (const e of asmExamples) {
      const source = EXAMPLE_SOURCES[e.id];
      assert.ok(source, e.id);
      assert.equal(e.input.kind === 'ebpf-asm' && e.input.text, caseText(source), e.id);
      assert.equal(e.kernelVerdict, golden(source).accepted ? 'accept' : 'reject', e.id);
    }
  });

  for (const e of asmExamples) {
    const source = EXAMPLE_SOURCES[e.id]!;
    const text = caseText(source);
    it(`${e.id}: the verdict and logs of Linux 6.18 and of tsbpf verify`, async () => {
      const g = golden(source);
      const v = verifyInput({ kind: 'ebpf-asm', text });
      assert.equal(v.accepted, g.accepted);
      assert.equal(v.errno, g.errno);
      assert.equal(maskLog(v.log1), maskLog(g.log1!));
      assert.equal(`${v.log1}${v.verdict}\n`, await cliVerify(text, g, 1));
      assert.equal(`${v.log2}${v.verdict}\n`, await cliVerify(text, g, 2));
      // Per instruction, the state lines are the kernel's level-2 lines at that instruction (tsbpf's
      // level-2 log leaves out the kernel's liveness debugging lines, so only these are compared).
      const kernelStates = statesByPc(maskLog(g.log2!));
      assert.deepEqual(Object.fromEntries(Object.entries(v.states).map(([pc, s]) => [pc, maskLog(s)])), kernelStates);
    });
  }

  it('shows the kernel\'s map_value_or_null message on the line of the unchecked access', () => {
    // The UI test's edit: the example without its NULL check is the golden case maps/no-null-check.
    const example = EXAMPLES.find((e) => e.id === 'map-lookup')!;
    assert.equal(example.input.kind, 'ebpf-asm');
    const edited = (example.input as { text: string }).text.replace('if r0 == 0 goto +1\n', '').replace('after the NULL check', 'without a NULL check');
    assert.equal(edited, caseText('maps/no-null-check'));
    const g = golden('maps/no-null-check');
    const v = verifyInput({ kind: 'ebpf-asm', text: edited });
    assert.equal(v.accepted, false);
    assert.equal(v.errno, g.errno);
    assert.equal(maskLog(v.log1), maskLog(g.log1!));
    assert.deepEqual(v.error, ["R0 invalid mem access 'map_value_or_null'"]);
    assert.ok(g.log1!.includes(`${v.errorPc}: (79) r0 = *(u64 *)(r0 +0)\nR0 invalid mem access 'map_value_or_null'`));
    assert.equal(edited.split('\n')[v.errorLine! - 1], 'r0 = *(u64 *)(r0 + 0)');
  });
});

describe('session verify: objects and classic programs', () => {
  for (const name of ['xdp_counter', 'socket_filter']) {
    it(`${name}.o: the logs tsbpf verify prints`, async () => {
      const bytes = repoFile(`examples/${name}.o`);
      const v = verifyInput({ kind: 'object', bytes, name: `${name}.o` });
      assert.equal(`${v.log1}${v.verdict}\n`, (await cli(['verify', `examples/${name}.o`])).stdout);
      assert.equal(`${v.log2}${v.verdict}\n`, (await cli(['verify', `examples/${name}.o`, '--log-level', '2'])).stdout);
      assert.match(v.log1, new RegExp(`processed ${v.stats.insnProcessed} insns .* total_states ${v.stats.totalStates} peak_states ${v.stats.peakStates}`));
    });
  }

  it('passes the classic example and refuses a classic program the kernel refuses, at its pc', () => {
    const classic = EXAMPLES.find((e) => e.input.kind === 'classic-asm')!;
    assert.equal(verifyInput(classic.input as { kind: 'classic-asm'; text: string }).accepted, true);
    // A division by the constant 0: sk_chk_filter refuses it (the checker agrees with the kernel in test/classic).
    const bad = verifyInput({ kind: 'classic-asm', text: 'ldh [12]\ndiv #0\nret a\n' });
    assert.equal(bad.accepted, false);
    assert.equal(bad.errorPc, 1);
    assert.equal(bad.errorLine, 2);
  });

  it('reports an input that does not assemble as a diagnostic, not a verdict', () => {
    const v = verifyInput({ kind: 'ebpf-asm', text: 'r0 = 1\nr0 +== 2\nexit\n' });
    assert.equal(v.accepted, false);
    assert.equal(v.diagnostics.length, 1);
    assert.equal(v.diagnostics[0]!.line, 2);
  });
});

describe('session verify: CO-RE objects with the kernel BTF', () => {
  it('verifies a CO-RE-poisoned read as tsbpf verify does (Linux 6.18 rejects it at the same call)', async () => {
    const kernelBtf = new Uint8Array(gunzipSync(readFileSync(join(ROOT, 'data/kernel-btf/vmlinux-6.18.btf.gz'))));
    const file = 'test/fixtures/ebpf-samples/cilium-ebpf/errors-el.elf';
    const v = verifyInput({ kind: 'object', bytes: repoFile(file), name: 'errors-el.elf', program: 'poisoned_single' }, { kernelBtf });
    assert.equal(`${v.log1}${v.verdict}\n`, (await cli(['verify', file, '--program', 'poisoned_single'])).stdout);
    assert.deepEqual(v.error, ['invalid func unknown#195896080']);
  });
});
