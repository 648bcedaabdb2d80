import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { AsmError } from '../../src/errors.js';
import { encode } from '../../src/isa/codec.js';
import { FORMS } from '../../src/isa/table.js';
import { assembleConformance, disassembleConformance } from '../../src/text/conformance.js';
import { conformanceProgram, parseConformanceData } from '../../src/text/conformance-data.js';
import { conformanceRoot } from '../helpers/corpus.js';

const root = conformanceRoot();

interface ManifestEntry { file: string; kind: string; expected_message?: string }

function load(file: string) {
  const path = join(root!, file);
  return parseConformanceData(readFileSync(path, 'utf8'), file, (name) => readFileSync(join(dirname(path), name), 'utf8'));
}

describe('conformance assembler', { skip: root ? false : 'conformance corpus not found' }, () => {
  const manifest = JSON.parse(readFileSync(join(root ?? '', 'manifest.json'), 'utf8')) as ManifestEntry[];

  it('assembles every bpf_conformance test and round-trips it through the disassembler', () => {
    const files = readdirSync(join(root!, 'bpf_conformance')).filter((f) => f.endsWith('.data'));
    assert.equal(files.length, 313);
    for (const f of files) {
      const test = load(`bpf_conformance/${f}`);
      const program = conformanceProgram(test)!;
      assert.ok(program.length > 0, f);
      const again = assembleConformance(disassembleConformance(program).join('\n'), f);
      assert.deepEqual(encode(again), encode(program), f);
    }
  });

  it('asm and raw sections encode the same program (lddw.data and uBPF encoding tests)', () => {
    const withBoth = manifest.filter((m) => m.file.endsWith('.data') && m.kind !== 'must-reject')
      .map((m) => load(m.file)).filter((t) => t.raw && t.asm);
    assert.ok(withBoth.length >= 7, `found ${withBoth.length}`);
    for (const t of withBoth) assert.deepEqual(encode(assembleConformance(t.asm!, t.file)), encode(t.raw!), t.file);
  });

  it('rejects the negative assembler tests with the reference messages', () => {
    const invalid = manifest.filter((m) => m.kind === 'harness-selftest' && m.expected_message && !m.expected_message.startsWith('('));
    assert.ok(invalid.length >= 8);
    for (const m of invalid) {
      const t = load(m.file);
      assert.throws(() => conformanceProgram(t), (e: unknown) => {
        assert.ok(e instanceof AsmError, m.file);
        assert.ok(e.detail.startsWith(m.expected_message!), `${m.file}: got "${e.detail}", want "${m.expected_message}"`);
        return true;
      });
    }
  });

  it('prints and reassembles one instruction of every form', () => {
    for (const f of FORMS) {
      if (f.kind === 'lddw' && f.select.src !== 0) continue;
      const insn = { code: f.code, dst: f.uses.has('dst') ? 3 : 0, src: f.select.src ?? (f.uses.has('src') ? 4 : 0),
        off: f.select.off ?? (f.uses.has('off') ? -2 : 0), imm: f.select.imm ?? (f.uses.has('imm') ? 7 : 0),
        ...(f.kind === 'lddw' ? { hi: -1 } : {}) };
      const text = disassembleConformance([insn]).join('\n');
      assert.deepEqual(assembleConformance(text), [insn], `${f.name}: ${text}`);
    }
  });
});
