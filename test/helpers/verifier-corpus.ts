/** Corpus programs as verifier inputs (shared by the verifier report script and tests). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BTF_KIND } from '../../src/loader/btf.js';
import { loadElf, type BpfObject } from '../../src/loader/object.js';
import { withKconfigMap } from '../../src/verifier/kconfig.js';
import { withMapBtf } from '../../src/verifier/locks.js';
import { parseElf } from '../../src/loader/elf.js';
import { btfArgNotes, lineInfoFor } from '../../src/verifier/lineinfo.js';
import { globalFuncs } from '../../src/verifier/globalfunc.js';
import type { VerifierProgram } from '../../src/verifier/index.js';
import { REPO_ROOT } from './corpus.js';
import { readKernelBtf } from '../../src/node/kernel-btf.js';
import { readKernelConfig } from '../../src/node/kernel-config.js';
import { programAttach } from '../../src/verifier/attach.js';

export interface CorpusCase {
  object: string;
  section: string;
  function: string | null;
  prog_type: string;
  expected_attach_type: string | null;
  kernel_6_18: 'ACCEPT' | 'REJECT' | 'ENV';
  maps_created_by?: string;
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

const CORPUS_CPUS = 2;

export function loadCorpusCase(dir: string, c: CorpusCase): VerifierProgram {
  let obj = objects.get(c.object);
  if (!obj) {
    // libbpf applied CO-RE relocations against the running kernel's BTF before loading.
    obj = loadElf(readFileSync(join(dir, c.object)), c.maps_created_by === 'libbpf' ? { kernelBtf: readKernelBtf() } : {});
    objects.set(c.object, obj);
  }
  const p = obj.programs.find((q) => q.section === c.section && q.function === c.function);
  if (!p) throw new Error(`${c.object}: program ${c.section}/${c.function} not found`);
  // libbpf passed BTF func_info, so BTF's linkage decides which subprograms are global functions;
  // the minimal loader of the corpus passed no BTF (every subprogram static) and, like the
  // kernel's default, a GPL license when the object declares none.
  const btfGlobals = c.maps_created_by === 'libbpf'
    && (obj.btf?.types ?? []).some((t) => t.kind === BTF_KIND.FUNC && t.vlen === 1 && t.name !== c.function);
  // libbpf passed BTF line info; map it when the program is one function without appended code.
  let lineInfo: VerifierProgram['lineInfo'];
  let btfNotes: string[] | undefined;
  if (c.maps_created_by === 'libbpf' && obj.btf) {
    const elf = parseElf(readFileSync(join(dir, c.object)));
    btfNotes = btfArgNotes(elf, c.function);
    const sec = elf.sectionByName(c.section);
    const sym = c.function ? elf.symbols.find((s) => s.name === c.function && s.shndx === sec?.index) : undefined;
    const start = sym ? sym.value / 8 : 0;
    if (sec && (!c.function || sym) && p.slots === (sym ? sym.size / 8 : sec.size / 8)) {
      lineInfo = lineInfoFor(elf, c.section, start, start + p.slots);
    }
  }
  // libbpf creates maps with the object's BTF (lock offsets); the minimal loader passed none.
  const { insns, maps } = c.maps_created_by === 'libbpf'
    ? withKconfigMap({ ...obj, maps: withMapBtf(obj.maps, obj.btf) }, p.insns, p.externs, readKernelConfig())
    : { insns: p.insns, maps: obj.maps };
  // Loaders create maps declared with max_entries 0 (per-CPU scratch maps) with one entry per CPU;
  // the corpus machine kind has 2.
  const created = maps.map((m) => (m.maxEntries === 0 && m.type !== 27 ? { ...m, maxEntries: CORPUS_CPUS } : m));
  return {
    lineInfo, btfNotes,
    // As tsbpf verify finds it (from the section and the .struct_ops relocations); test/verifier/attach.test.ts
    // checks it against the manifest's expected_attach_type.
    attach: programAttach(parseElf(readFileSync(join(dir, c.object))), obj.btf, p, c.prog_type, readKernelBtf),
    insns, progType: c.prog_type, maps: created, license: obj.license || (c.maps_created_by === 'legacy' ? 'GPL' : ''),
    expectedAttachType: c.expected_attach_type, globalSubprogs: btfGlobals,
    globalFuncs: btfGlobals && obj.btf && p.subprogs ? globalFuncs(obj.btf, p.subprogs, c.prog_type, hiddenFunctions(dir, c.object)) : undefined,
  };
}

/** Function symbols with STV_HIDDEN visibility (libbpf gives them static BTF linkage). */
function hiddenFunctions(dir: string, object: string): Set<string> {
  const elf = parseElf(readFileSync(join(dir, object)));
  return new Set(elf.symbols.filter((s) => s.type === 2 && s.visibility === 2).map((s) => s.name));
}

/** Masks what differs from load to load: LD_IMM64 map addresses. */
export function maskLog(log: string): string {
  return log.replace(/^(\d+: \(18\) r\d+ = )0x[0-9a-f]+/gm, '$1ADDR');
}
