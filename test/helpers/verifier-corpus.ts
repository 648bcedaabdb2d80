/** Corpus programs as verifier inputs (shared by the verifier report script and tests). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadElf, type BpfObject } from '../../src/loader/object.js';
import type { VerifierProgram } from '../../src/verifier/index.js';
import { REPO_ROOT } from './corpus.js';

export interface CorpusCase {
  object: string;
  section: string;
  function: string | null;
  prog_type: string;
  expected_attach_type: string | null;
  kernel_6_18: 'ACCEPT' | 'REJECT' | 'ENV';
  error: string[] | null;
  processed_insns?: number;
  total_states?: number;
  peak_states?: number;
  kernel_log: string | null;
  kernel_log_level2: string | null;
}

export function corpusDir(): string | undefined {
  for (const d of [join(REPO_ROOT, '../shared/corpus/ebpf-samples'), join(REPO_ROOT, 'test/fixtures/ebpf-samples')]) {
    if (existsSync(join(d, 'manifest.json'))) return d;
  }
  return undefined;
}

const objects = new Map<string, BpfObject>();

export function loadCorpusCase(dir: string, c: CorpusCase): VerifierProgram {
  let obj = objects.get(c.object);
  if (!obj) {
    obj = loadElf(readFileSync(join(dir, c.object)));
    objects.set(c.object, obj);
  }
  const p = obj.programs.find((q) => q.section === c.section && q.function === c.function);
  if (!p) throw new Error(`${c.object}: program ${c.section}/${c.function} not found`);
  return { insns: p.insns, progType: c.prog_type, maps: obj.maps, license: obj.license, expectedAttachType: c.expected_attach_type };
}

/** Masks what differs from load to load: LD_IMM64 map addresses. */
export function maskLog(log: string): string {
  return log.replace(/^(\d+: \(18\) r\d+ = )0x[0-9a-f]+/gm, '$1ADDR');
}
