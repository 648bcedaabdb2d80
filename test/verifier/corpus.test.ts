/**
 * Agreement with Linux 6.18 on the real-program corpus (objects in test/fixtures/ebpf-samples,
 * kernel verdicts in test/golden/verifier/corpus-expected.json, extracted from the shared corpus
 * manifest by scripts/verifier-corpus-expected.ts). The figures are locked in
 * test/golden/verifier/locked.json and may only rise; `npm run verifier-report` scores every program.
 * To keep the suite fast, programs the kernel needed more than 20,000 instructions for are left to
 * the report.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { verify } from '../../src/verifier/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { type CorpusCase, loadCorpusCase, maskLog } from '../helpers/verifier-corpus.js';

const fixtures = join(REPO_ROOT, 'test/fixtures/ebpf-samples');
const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/corpus-expected.json'), 'utf8')) as { programs: CorpusCase[] };
const locked = JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/verifier/locked.json'), 'utf8')) as {
  corpus: { programs: number; verdictAgree: number; sameMessage: number; processedEqual: number; statesEqual: number; logIdentical: number };
};
export const CORPUS_TEST_LIMIT = 20000;

test('corpus: verdicts, messages and processed counts agree with Linux 6.18 at least as often as locked', { skip: !existsSync(fixtures) && 'test/fixtures/ebpf-samples missing' }, () => {
  const cases = expected.programs.filter((c) => (c.processed_insns ?? 0) <= CORPUS_TEST_LIMIT);
  let verdictAgree = 0, sameMessage = 0, processedEqual = 0, statesEqual = 0, logIdentical = 0;
  const unsafe: string[] = [];
  for (const c of cases) {
    const r = verify(loadCorpusCase(fixtures, c), { logLevel: 1 });
    const kernelAccept = c.kernel_6_18 === 'ACCEPT';
    if (r.accepted === kernelAccept) verdictAgree++;
    if (r.accepted && !kernelAccept) unsafe.push(`${c.object} ${c.section} ${c.function ?? ''}`);
    if (!r.accepted && !kernelAccept && JSON.stringify(r.error) === JSON.stringify(c.error)) sameMessage++;
    if (r.insnProcessed === c.processed_insns) processedEqual++;
    // Level-1 logs: a successful one is the statistics line; rejected ones were copied from the corpus.
    const kernelLog = c.kernel_log ? join(REPO_ROOT, 'test/golden/verifier', c.kernel_log) : undefined;
    if (kernelAccept && r.accepted && r.log.startsWith(`processed ${c.processed_insns} insns `) && r.totalStates === c.total_states && r.peakStates === c.peak_states) logIdentical++;
    else if (!kernelAccept && kernelLog && existsSync(kernelLog) && maskLog(readFileSync(kernelLog, 'utf8')) === maskLog(r.log)) logIdentical++;
    if (r.insnProcessed === c.processed_insns && r.totalStates === c.total_states && r.peakStates === c.peak_states) statesEqual++;
  }
  const now = { programs: cases.length, verdictAgree, sameMessage, processedEqual, statesEqual, logIdentical };
  console.log(`# corpus subset: ${JSON.stringify(now)}; unsafe acceptances: ${unsafe.length}`);
  assert.equal(cases.length, locked.corpus.programs);
  assert.ok(verdictAgree >= locked.corpus.verdictAgree, `verdict agreement fell: ${verdictAgree} < ${locked.corpus.verdictAgree}`);
  assert.ok(sameMessage >= locked.corpus.sameMessage, `message agreement fell: ${sameMessage} < ${locked.corpus.sameMessage}`);
  assert.ok(processedEqual >= locked.corpus.processedEqual, `processed-count agreement fell: ${processedEqual} < ${locked.corpus.processedEqual}`);
  assert.ok(logIdentical >= locked.corpus.logIdentical, `level-1 log agreement fell: ${logIdentical} < ${locked.corpus.logIdentical}`);
  assert.ok(statesEqual >= locked.corpus.statesEqual, `state-count agreement fell: ${statesEqual} < ${locked.corpus.statesEqual}`);
  // Unsafe acceptances that remain are loader gaps (CO-RE poisoning), listed explicitly.
  assert.deepEqual(unsafe, (locked as unknown as { corpusKnownUnsafe: string[] }).corpusKnownUnsafe ?? []);
});
