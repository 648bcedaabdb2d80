/**
 * The JIT against the conformance corpora, as a second pass beside the interpreter's
 * (test/vm/conformance.test.ts): every program runs on both engines, which must agree on r0 and
 * the instruction count, or on the error (kind, pc, address, size, message); the JIT must actually
 * compile every test (no interpreter fallback), and results must match the files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { TsbpfError, VmError } from '../../src/errors.js';
import { type Engine, runProgram } from '../../src/jit/run.js';
import { type ConformanceTest, conformanceProgram, parseConformanceData } from '../../src/text/conformance-data.js';
import { conformanceHelpers } from '../../src/vm/conformance-helpers.js';
import { compile, compileBytes, type CompiledProgram } from '../../src/vm/program.js';
import { conformanceRoot } from '../helpers/corpus.js';

const root = conformanceRoot();
const skip = root ? false : 'conformance corpus not found (test/fixtures/conformance or ../shared/conformance)';

interface ManifestEntry { file: string; kind: string }

function load(file: string): ConformanceTest {
  const path = join(root!, file);
  return parseConformanceData(readFileSync(path, 'utf8'), file, (name) => readFileSync(join(dirname(path), name), 'utf8'));
}

function compileTest(test: ConformanceTest): CompiledProgram {
  const options = { helpers: conformanceHelpers, maxSlots: 65536 };
  if (test.rawBytes) return compileBytes(test.rawBytes, options);
  return compile(conformanceProgram(test)!, options);
}

type Outcome =
  | { ok: true; r0: string; count: number; engine: Engine; note?: string }
  | { ok: false; error: string };

function outcome(test: ConformanceTest, engine: Engine): Outcome {
  try {
    const program = compileTest(test);
    const r = runProgram(program, { mem: test.mem, helpers: conformanceHelpers, engine });
    return { ok: true, r0: `0x${r.r0.toString(16)}`, count: r.insnCount, engine: r.engine, ...(r.note ? { note: r.note } : {}) };
  } catch (e) {
    if (!(e instanceof TsbpfError)) throw e;
    const where = e instanceof VmError ? ` kind=${e.kind} pc=${e.pc} address=${e.address} size=${e.size}` : '';
    return { ok: false, error: `${e.name}: ${e.message}${where}` };
  }
}

function agree(file: string): Outcome {
  const test = load(file);
  const interp = outcome(test, 'interp');
  const jit = outcome(test, 'jit');
  if (jit.ok && jit.engine !== 'jit') assert.fail(`the JIT did not compile it: ${jit.note}`);
  const strip = (o: Outcome) => (o.ok ? { ok: true, r0: o.r0, count: o.count } : o);
  assert.deepEqual(strip(jit), strip(interp));
  return jit;
}

describe('JIT: bpf_conformance agrees with the interpreter', { skip }, () => {
  const files = root ? readdirSync(join(root, 'bpf_conformance')).filter((f) => f.endsWith('.data')).sort() : [];
  for (const f of files) {
    it(f, () => {
      const result = agree(`bpf_conformance/${f}`);
      const expected = load(`bpf_conformance/${f}`).result!;
      assert.ok(result.ok, 'runs');
      assert.equal(result.r0, `0x${expected.toString(16)}`);
    });
  }
});

describe('JIT: uBPF tests agree with the interpreter', { skip }, () => {
  const manifest = root ? (JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as ManifestEntry[]) : [];
  const chosen = manifest.filter((m) => m.file.startsWith('ubpf/') && ['result', 'must-fail', 'runtime-fault', 'result-or-error'].includes(m.kind)
    && !m.file.endsWith('err-unknown-opcode.data'));
  for (const m of chosen) it(`${m.file} (${m.kind})`, () => { agree(m.file); });
});
