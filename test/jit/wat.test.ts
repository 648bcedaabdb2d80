/**
 * The WAT dump checked by an independent toolchain: wabt (devDependency) parses and validates the
 * text `tsbpf jit --dump` prints and assembles it back to bytes, which must equal the binary the
 * JIT's own encoder produced — for the conformance programs and a sample of generated ones, in
 * both the run and the batch module. Also the `tsbpf jit` command itself.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { JitVm } from '../../src/jit/engine.js';
import type { Insn } from '../../src/isa/insn.js';
import { conformanceProgram, parseConformanceData } from '../../src/text/conformance-data.js';
import { conformanceHelpers } from '../../src/vm/conformance-helpers.js';
import { conformanceRoot } from '../helpers/corpus.js';
import { generateProgram } from './generator.js';

type Wabt = Awaited<ReturnType<typeof import('wabt')>>;
let wabt: Wabt | undefined;
try {
  wabt = await (await import('wabt')).default();
} catch {
  wabt = undefined;
}
const skip = wabt ? false : 'wabt (devDependency) is not installed';
const FEATURES = { multi_value: true, bulk_memory: true, sign_extension: true, mutable_globals: true };

function roundTrip(insns: readonly Insn[], what: string): void {
  const vm = new JitVm(insns, { helpers: conformanceHelpers, wat: true });
  assert.equal(vm.engine, 'jit', `${what}: ${vm.note}`);
  for (const module of [vm.module!, vm.batchModule()]) {
    const parsed = wabt!.parseWat(`${what}.wat`, module.wat!, FEATURES);
    try {
      parsed.resolveNames();
      parsed.validate();
      const { buffer } = parsed.toBinary({});
      assert.ok(Buffer.from(buffer).equals(Buffer.from(module.bytes)), `${what}: wabt's assembly of the WAT differs from the JIT's bytes`);
    } finally {
      parsed.destroy();
    }
  }
}

describe('JIT WAT dump', { skip }, () => {
  it('round-trips through wabt for the bpf_conformance programs', { skip: conformanceRoot() ? false : 'no corpus' }, () => {
    const dir = join(conformanceRoot()!, 'bpf_conformance');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.data'))) {
      const path = join(dir, f);
      const test = parseConformanceData(readFileSync(path, 'utf8'), f, (n) => readFileSync(join(dirname(path), n), 'utf8'));
      const program = conformanceProgram(test);
      if (program) roundTrip(program, f);
    }
  });

  it('round-trips through wabt for generated programs', () => {
    for (let seed = 1; seed <= 100; seed++) roundTrip(generateProgram(seed).insns, `seed ${seed}`);
  });
});

describe('tsbpf jit', () => {
  const source = 'mov r0, 0\nmov r1, 10\nloop:\nadd r0, r1\nsub r1, 1\njne r1, 0, loop\nexit\n';
  const io = (files: Record<string, string>) => {
    const out = { stdout: '', stderr: '' };
    const value: Io = {
      stdout: (t) => { out.stdout += t; },
      stderr: (t) => { out.stderr += t; },
      readFile: async (p) => new TextEncoder().encode(files[p] ?? ''),
      writeFile: async () => {},
      isTTY: false,
    };
    return { value, out };
  };

  it('--dump prints the module with each block annotated by its eBPF instructions', async () => {
    const { value, out } = io({ 'loop.s': source });
    assert.equal(await main(['jit', '--dump', 'loop.s'], value), 0);
    assert.match(out.stdout, /^;; loop\.s\n\(module\n/);
    assert.match(out.stdout, /;; pc 2: add %r0, %r1\n\s+local\.get \$r0\n\s+local\.get \$r1\n\s+i64\.add/);
    assert.match(out.stdout, /loop \$l1/);
  });

  it('--stats summarises, and usage errors exit 2', async () => {
    const { value, out } = io({ 'loop.s': source });
    assert.equal(await main(['jit', '--stats', 'loop.s'], value), 0);
    assert.match(out.stdout, /loop\.s: 6 instructions, 1 subprogram, 3 basic blocks, 1 loops; module \d+ bytes/);
    assert.equal(await main(['jit', 'loop.s'], value), 2);
  });
});
