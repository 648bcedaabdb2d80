/**
 * The interpreter against the conformance corpora (../shared/conformance, or the in-repo copy in
 * test/fixtures/conformance): all 313 bpf_conformance tests at CPU v4 with every group, the uBPF
 * tests per the corpus README's policy, and the negative files as reject tests.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { AsmError, DecodeError, TsbpfError, VmError } from '../../src/errors.js';
import { assembleConformance } from '../../src/text/conformance.js';
import { type ConformanceTest, conformanceProgram, parseConformanceData } from '../../src/text/conformance-data.js';
import { conformanceHelpers } from '../../src/vm/conformance-helpers.js';
import { compile, compileBytes, type CompiledProgram } from '../../src/vm/program.js';
import { run } from '../../src/vm/run.js';
import { conformanceRoot } from '../helpers/corpus.js';

const root = conformanceRoot();
const skip = root ? false : 'conformance corpus not found (test/fixtures/conformance or ../shared/conformance)';

interface ManifestEntry { file: string; kind: string; note?: string }

function load(file: string): ConformanceTest {
  const path = join(root!, file);
  return parseConformanceData(readFileSync(path, 'utf8'), file, (name) => readFileSync(join(dirname(path), name), 'utf8'));
}

/** uBPF rejects programs above 65,536 slots (`err-too-many-instructions` relies on it). */
const UBPF_MAX_SLOTS = 65536;

function compileTest(test: ConformanceTest, maxSlots?: number): CompiledProgram {
  const options = { helpers: conformanceHelpers, maxSlots };
  if (test.rawBytes) return compileBytes(test.rawBytes, options);
  const program = conformanceProgram(test);
  assert.ok(program && program.length > 0, `${test.file}: no instructions`);
  return compile(program, options);
}

type Outcome = { ok: true; r0: bigint } | { ok: false; stage: string; error: TsbpfError };

/** Parses, compiles and runs a test; a failure at any stage is reported with its stage. */
function attempt(file: string, maxSlots?: number): Outcome {
  let stage = 'parse';
  try {
    const test = load(file);
    stage = 'compile';
    const program = compileTest(test, maxSlots);
    stage = 'run';
    return { ok: true, r0: run(program, { mem: test.mem, helpers: conformanceHelpers }).r0 };
  } catch (e) {
    if (!(e instanceof TsbpfError)) throw e; // anything else is a bug, not a rejection
    return { ok: false, stage, error: e };
  }
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

describe('bpf_conformance (CPU v4, all groups)', { skip }, () => {
  const files = root ? readdirSync(join(root, 'bpf_conformance')).filter((f) => f.endsWith('.data')).sort() : [];

  it('has all 313 tests', () => assert.equal(files.length, 313));

  for (const f of files) {
    it(f, () => {
      const test = load(`bpf_conformance/${f}`);
      assert.notEqual(test.result, undefined, 'every bpf_conformance test has a result');
      const { r0 } = run(compileTest(test), { mem: test.mem, helpers: conformanceHelpers });
      assert.equal(hex(r0), hex(test.result!));
    });
  }
});

describe('uBPF tests', { skip }, () => {
  const manifest = root ? (JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as ManifestEntry[]) : [];
  const ubpf = manifest.filter((m) => m.file.startsWith('ubpf/'));
  // Skipped by policy (corpus README §7): API-only tests, ELF tests (the loader runs those), and
  // err-unknown-opcode, which calls 0x06 unknown although RFC 9669 defines it as JA32.
  const skipped = (m: ManifestEntry) => m.kind === 'api-specific' || m.kind === 'elf-loader' || m.kind === 'asm-encoding'
    || m.file.endsWith('err-unknown-opcode.data');

  it('covers the corpus', () => {
    assert.equal(ubpf.filter((m) => m.kind === 'result').length, 44);
    assert.equal(ubpf.filter((m) => m.kind === 'must-fail' || m.kind === 'runtime-fault').length, 24);
  });

  for (const m of ubpf.filter((x) => !skipped(x))) {
    it(`${m.file} (${m.kind})`, () => {
      const outcome = attempt(m.file, UBPF_MAX_SLOTS);
      switch (m.kind) {
        case 'result': {
          const expected = load(m.file).result!;
          if (!outcome.ok) assert.fail(`${outcome.stage} failed: ${outcome.error.message}`);
          assert.equal(hex(outcome.r0), hex(expected));
          break;
        }
        case 'must-fail':
          assert.equal(outcome.ok, false, `must fail but returned ${outcome.ok ? hex(outcome.r0) : ''}`);
          break;
        case 'runtime-fault':
          assert.equal(outcome.ok, false, `must fault but returned ${outcome.ok ? hex(outcome.r0) : ''}`);
          if (!outcome.ok) assert.ok(outcome.error instanceof VmError, `expected a VmError, got ${outcome.error.name}: ${outcome.error.message}`);
          break;
        case 'result-or-error': {
          const expected = load(m.file).result;
          if (outcome.ok && expected !== undefined) assert.equal(hex(outcome.r0), hex(expected));
          break;
        }
        default:
          assert.fail(`unexpected kind ${m.kind}`);
      }
    });
  }

  it('runtime faults name the pc, address and size', () => {
    const outcome = attempt('ubpf/errors/err-stack-oob.data');
    if (outcome.ok) assert.fail('must fault');
    const e = outcome.error;
    assert.ok(e instanceof VmError);
    assert.equal(e.kind, 'out-of-bounds');
    assert.equal(typeof e.pc, 'number');
    assert.notEqual(e.address, undefined);
    assert.ok((e.size ?? 0) > 0);
  });
});

describe('bpf_conformance negative files', { skip }, () => {
  const dir = root ? join(root, 'bpf_conformance/negative') : '';
  const files = root ? readdirSync(dir).filter((f) => f.endsWith('.data')).sort() : [];

  it('has 45 unused-field and 11 invalid_* files', () => {
    assert.equal(files.filter((f) => f.startsWith('unused-')).length, 45);
    assert.equal(files.filter((f) => f.startsWith('invalid_')).length, 11);
  });

  for (const f of files.filter((x) => x.startsWith('unused-'))) {
    it(`${f} is rejected by validation`, () => {
      const test = load(`bpf_conformance/negative/${f}`);
      assert.ok(test.rawBytes && test.rawBytes.length >= 16, 'raw bytes');
      assert.throws(() => compileBytes(test.rawBytes!, { helpers: conformanceHelpers }), DecodeError);
    });
  }

  // invalid_unknown_directive has no program at all (the reference runner skips it).
  for (const f of files.filter((x) => x.startsWith('invalid_') && x !== 'invalid_unknown_directive.data')) {
    it(`${f} is rejected by the assembler`, () => {
      const test = load(`bpf_conformance/negative/${f}`);
      assert.ok(test.asm !== undefined, 'has an asm section');
      assert.throws(() => assembleConformance(test.asm!, f), AsmError);
    });
  }
});
