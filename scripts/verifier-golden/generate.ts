/**
 * Records the running kernel's verifier answer for each case file: verdict and errno, the log at
 * level 1 and 2, the processed-instruction count. Root on the reference kernel (Linux 6.18) only;
 * the tests read the committed JSON and never need the kernel.
 *
 *   node --import tsx scripts/verifier-golden/generate.ts [CASE.s | GROUP ...]
 *
 * With no argument every case under test/golden/verifier/cases/ is regenerated. Each case
 * cases/<group>/<name>.s becomes test/golden/verifier/<group>/<name>.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { constants, release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type VerifierCase, PROG_TYPE, caseBytesHex, parseCase, subprogramStarts } from './case-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const goldenDir = join(root, 'test/golden/verifier');
const casesDir = join(goldenDir, 'cases');
const loader = '/tmp/tsbpf-verifier-golden-load';

const ERRNO_NAME = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

interface LoadAnswer { errno: string | null; trueSize: number; log: string }

function compileLoader(): void {
  execFileSync('cc', ['-O1', '-Wall', '-o', loader, join(here, 'load.c'), '-lbpf'], { stdio: 'inherit' });
}

function load(c: VerifierCase, bytesHex: string, logLevel: number, logSize: number): LoadAnswer {
  const request = [
    `prog_type ${PROG_TYPE[c.type]}`, `attach_type ${c.attachType}`, `prog_flags ${c.progFlags}`,
    `license ${c.license}`, `log_level ${logLevel}`, `log_size ${logLevel ? logSize : 0}`,
    ...c.maps.map((m) => `map ${m.type} ${m.keySize} ${m.valueSize} ${m.maxEntries} ${m.flags} ${m.btf ?? 'none'} ${m.name}`),
    `insns ${bytesHex}`,
    ...(c.funcInfo ? [`func_info ${subprogramStarts(c.insns).join(' ')}`] : []),
    ...(c.attachBtf ? [`attach_btf ${c.attachBtf.kind} ${c.attachBtf.name}`] : []),
  ].join('\n');
  const out = execFileSync(loader, { input: request, maxBuffer: 1 << 30 });
  const nl = out.indexOf(10);
  const head = /^ret (-?\d+) errno (\d+) true_size (\d+) log_len (\d+)$/.exec(out.subarray(0, nl).toString());
  if (!head) throw new Error(`loader answered '${out.subarray(0, nl).toString()}'`);
  const errno = Number(head[2]);
  return { errno: errno ? ERRNO_NAME.get(errno) ?? String(errno) : null, trueSize: Number(head[3]), log: out.subarray(nl + 1).toString('utf8') };
}

/** The closing statistics line: `processed N insns (limit 1000000) max_states_per_insn …`. */
function stats(log: string) {
  const m = /processed (\d+) insns \(limit \d+\) max_states_per_insn (\d+) total_states (\d+) peak_states (\d+) mark_read (\d+)/.exec(log);
  if (!m) return null;
  return { insnProcessed: Number(m[1]), maxStatesPerInsn: Number(m[2]), totalStates: Number(m[3]), peakStates: Number(m[4]) };
}

function generate(file: string): string {
  const rel = relative(casesDir, file);
  const c = parseCase(readFileSync(file, 'utf8'), `cases/${rel}`);
  const bytesHex = caseBytesHex(c);
  const verdict = load(c, bytesHex, 0, 0);
  const logs = new Map(c.logLevels.map((level) => [level, load(c, bytesHex, level, c.logSize)]));
  const l1 = logs.get(1);
  const l2 = logs.get(2);
  const s = stats(l1?.log ?? l2?.log ?? '');
  const golden = {
    case: `cases/${rel}`,
    desc: c.desc,
    kernel: release(),
    type: c.type,
    attachType: c.attachType,
    progFlags: c.progFlags,
    license: c.license,
    ...(c.funcInfo ? { funcInfo: subprogramStarts(c.insns) } : {}),
    ...(c.attachBtf ? { attachBtf: c.attachBtf } : {}),
    maps: c.maps,
    bytesHex,
    accepted: verdict.errno === null,
    errno: verdict.errno,
    insnProcessed: s?.insnProcessed ?? null,
    maxStatesPerInsn: s?.maxStatesPerInsn ?? null,
    totalStates: s?.totalStates ?? null,
    peakStates: s?.peakStates ?? null,
    logSize: c.logSize,
    log1: l1?.log ?? null,
    log1Errno: l1?.errno ?? null,
    log1TrueSize: l1?.trueSize ?? null,
    log2: l2?.log ?? null,
    log2Errno: l2?.errno ?? null,
    log2TrueSize: l2?.trueSize ?? null,
    ...(c.truncate !== undefined ? { truncated: { logLevel: 1, logSize: c.truncate, ...load(c, bytesHex, 1, c.truncate) } } : {}),
  };
  const out = join(goldenDir, rel.replace(/\.s$/, '.json'));
  mkdirSync(dirname(out), { recursive: true });
  const text = `${JSON.stringify(golden, null, 2)}\n`;
  // Map addresses change on every load; keep the old file when nothing else changed.
  const unchanged = existsSync(out) && maskAddresses(readFileSync(out, 'utf8')) === maskAddresses(text);
  if (!unchanged) writeFileSync(out, text);
  const verdictText = golden.accepted ? 'accepted' : `rejected ${golden.errno}`;
  const lastLines = (l1?.log ?? '').trimEnd().split('\n').slice(-2, -1).join('');
  return `${rel}: ${verdictText}, ${golden.insnProcessed} insns${golden.accepted ? '' : ` — ${lastLines}`}`;
}

/** LD_IMM64 map lines print the map's kernel address: `(18) r1 = 0xffff888104546000`. */
function maskAddresses(text: string): string {
  return text.replace(/(\(18\) r\d+ = )0xffff[0-9a-f]{12}/g, '$10xADDRESS');
}

function caseFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).sort().flatMap((f) => caseFiles(join(path, f))).filter((f) => f.endsWith('.s'));
}

if (process.getuid?.() !== 0) {
  console.error('generate.ts: needs root (bpf(BPF_PROG_LOAD) with the privileged verifier)');
  process.exit(1);
}
compileLoader();
const args = process.argv.slice(2);
const files = (args.length ? args : [casesDir]).flatMap((a) => {
  const p = existsSync(a) ? resolve(a) : join(casesDir, a);
  return caseFiles(p);
});
let failed = 0;
for (const f of files) {
  try {
    console.log(generate(f));
  } catch (e) {
    failed++;
    console.error(`${relative(casesDir, f)}: ${(e as Error).message}`);
  }
}
console.log(`${files.length - failed} goldens written${failed ? `, ${failed} failed` : ''}`);
process.exit(failed ? 1 : 0);
