/**
 * Compares tsbpf's level-2 log of one corpus program with the running kernel's (root, Linux 6.18;
 * BPF_PROG_LOAD through load.c, never attached): where the two paths part is where pruning or
 * precision differs.
 *
 *   node --import tsx scripts/verifier-golden/corpus-level2.ts OBJECT SECTION [FUNCTION] [OUT_DIR]
 *
 * Writes OUT_DIR/kernel.log and OUT_DIR/tsbpf.log (default /tmp). The maps the program uses are
 * created empty in order (map-in-map outer maps as plain hashes: enough for programs that only
 * look them up); objects that need BTF (kfuncs, CO-RE against another kernel, struct_ops) are out of
 * scope. Not used by tests: a diagnostic for the processed-count differences of the report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from '../../src/isa/codec.js';
import { readKernelBtf } from '../../src/node/kernel-btf.js';
import { PROG_TYPE } from '../../src/text/case-file.js';
import { verify } from '../../src/verifier/index.js';
import { type CorpusCase, corpusDir, loadCorpusCase } from '../../test/helpers/verifier-corpus.js';

const [object, section, fn, outDir = '/tmp'] = process.argv.slice(2);
if (!object || !section) throw new Error('usage: corpus-level2.ts OBJECT SECTION [FUNCTION] [OUT_DIR]');
const dir = corpusDir();
if (!dir) throw new Error('corpus not found');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { programs: CorpusCase[] };
const c = manifest.programs.find((p) => p.object === object && p.section === section && (fn === undefined || fn === '-' || p.function === fn));
if (!c) throw new Error(`${object} ${section} ${fn ?? ''}: not in the manifest`);
const prog = loadCorpusCase(dir, c);
const maps = prog.maps ?? [];

// Only the maps the program references, renumbered in order of first use (load.c's convention).
const used = new Map<number, number>();
const insns = prog.insns.map((i) => {
  if (i.code !== 0x18 || (i.src !== 1 && i.src !== 2)) return i;
  if (!used.has(i.imm)) used.set(i.imm, used.size);
  return { ...i, imm: used.get(i.imm)! };
});
const request = [`prog_type ${PROG_TYPE[c.prog_type as keyof typeof PROG_TYPE]}`, `license ${prog.license || 'GPL'}`, 'log_level 2', `log_size ${1 << 28}`];
for (const original of used.keys()) {
  const m = maps[original]!;
  const type = m.type === 12 || m.type === 13 ? 1 : m.type;
  const name = m.name.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, 15) || `m${original}`;
  // Zero max_entries is what loaders replace with the number of CPUs.
  request.push(`map ${type} ${m.keySize} ${m.valueSize} ${m.maxEntries || 2} ${m.flags} none ${name}`);
}
request.push(`insns ${Buffer.from(encode(insns)).toString('hex')}`);

const loader = '/tmp/tsbpf-verifier-golden-load';
if (!existsSync(loader)) execFileSync('cc', ['-O1', '-Wall', '-o', loader, join(dirname(fileURLToPath(import.meta.url)), 'load.c'), '-lbpf'], { stdio: 'inherit' });
const answer = execFileSync(loader, { input: request.join('\n') + '\n', maxBuffer: 1 << 30 });
const nl = answer.indexOf(10);
writeFileSync(join(outDir, 'kernel.log'), answer.subarray(nl + 1));
const r = verify(prog, { logLevel: 2, kernelBtf: readKernelBtf() });
writeFileSync(join(outDir, 'tsbpf.log'), r.log);
console.log(`kernel: ${answer.subarray(0, nl).toString()}; processed ${c.processed_insns} in the manifest`);
console.log(`tsbpf: ${r.accepted ? 'accept' : 'reject'}, processed ${r.insnProcessed}`);
