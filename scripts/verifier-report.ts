/**
 * Verifier agreement report: runs tsbpf's verifier on every corpus program that has a Linux 6.18
 * verdict and compares verdict, failing instruction, closing message, level-1 log and
 * processed-instruction counts with the kernel's (../shared/corpus/ebpf-samples/manifest.json).
 *
 *   npm run verifier-report [-- --json out.json] [-- --filter substring] [-- --show-diff N]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadCorpusCase, corpusDir, type CorpusCase, maskLog } from '../test/helpers/verifier-corpus.js';
import { verify } from '../src/verifier/index.js';
import { readKernelBtf } from '../src/node/kernel-btf.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = corpusDir();
if (!dir) {
  console.error('corpus not found (../shared/corpus/ebpf-samples)');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { programs: CorpusCase[] };
const filter = opt('--filter');
const cases = manifest.programs.filter((p) => p.kernel_6_18 !== 'ENV' && (!filter || `${p.object}:${p.section}:${p.function}`.includes(filter)));

let agree = 0, unsafe = 0, falseReject = 0, bothReject = 0, samePc = 0, sameMsg = 0, sameLog = 0, logTotal = 0, sameCount = 0;
let sameStates = 0;
const rows: Record<string, unknown>[] = [];
const slow: { name: string; ms: number; insns: number }[] = [];
const showDiff = Number(opt('--show-diff') ?? 0);
let shown = 0;
for (const c of cases) {
  const name = `${c.object} ${c.section}${c.function ? ' ' + c.function : ''}`;
  const prog = loadCorpusCase(dir, c);
  const t0 = performance.now();
  const r = verify(prog, { logLevel: 1, kernelBtf: readKernelBtf() });
  const ms = performance.now() - t0;
  slow.push({ name, ms, insns: c.processed_insns ?? 0 });
  const kernelAccept = c.kernel_6_18 === 'ACCEPT';
  const ok = r.accepted === kernelAccept;
  if (ok) agree++;
  if (r.accepted && !kernelAccept) unsafe++;
  if (!r.accepted && kernelAccept) falseReject++;
  if (r.insnProcessed === c.processed_insns) sameCount++;
  if (r.insnProcessed === c.processed_insns && r.totalStates === c.total_states && r.peakStates === c.peak_states) sameStates++;
  let pcSame = false, msgSame = false, logSame = false;
  if (!r.accepted && !kernelAccept) {
    bothReject++;
    const klog = c.kernel_log && existsSync(join(dir, 'kernel-logs', c.kernel_log.replace(/^kernel-logs\//, ''))) ? readFileSync(join(dir, 'kernel-logs', c.kernel_log.replace(/^kernel-logs\//, '')), 'utf8') : undefined;
    const kpc = klog ? lastInsnIndex(klog) : -1;
    pcSame = kpc === r.errorPc;
    if (pcSame) samePc++;
    msgSame = JSON.stringify(c.error) === JSON.stringify(r.error);
    if (msgSame) sameMsg++;
    if (klog) {
      logTotal++;
      logSame = maskLog(klog) === maskLog(r.log);
      if (logSame) sameLog++;
    }
  } else if (r.accepted && kernelAccept) {
    logTotal++;
    const expected = `processed ${c.processed_insns} insns (limit 1000000) max_states_per_insn `;
    logSame = r.log.startsWith(expected) && r.totalStates === c.total_states && r.peakStates === c.peak_states && r.log.split('\n').length === 2;
    if (logSame) sameLog++;
  }
  if (!ok && shown < showDiff) {
    shown++;
    console.log(`--- ${name}: kernel ${c.kernel_6_18} ${JSON.stringify(c.error)}; tsbpf ${r.accepted ? 'ACCEPT' : 'REJECT'} ${JSON.stringify(r.error)} at ${r.errorPc}`);
  }
  rows.push({ name, kernel: c.kernel_6_18, tsbpf: r.accepted ? 'ACCEPT' : 'REJECT', error: r.error, kernelError: c.error, pcSame, msgSame, logSame, processed: r.insnProcessed, kernelProcessed: c.processed_insns, states: [r.totalStates, r.peakStates], errorPc: r.errorPc, logHash: createHash('sha1').update(r.log).digest('hex'), ms: Math.round(ms) });
}
const n = cases.length;
const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : '0.0') + '%';
console.log(`programs with a kernel verdict: ${n}`);
console.log(`verdict agreement:          ${agree}/${n} (${pct(agree, n)})`);
console.log(`unsafe acceptances:         ${unsafe}`);
console.log(`false rejections:           ${falseReject}`);
console.log(`same failing instruction:   ${samePc}/${bothReject}`);
console.log(`same terminal message:      ${sameMsg}/${bothReject}`);
console.log(`byte-identical level-1 log: ${sameLog}/${logTotal}`);
console.log(`equal processed insns:      ${sameCount}/${n} (${pct(sameCount, n)})`);
console.log(`equal processed+states:     ${sameStates}/${n}`);
slow.sort((a, b) => b.ms - a.ms);
console.log('slowest programs:');
for (const s of slow.slice(0, 5)) console.log(`  ${s.ms.toFixed(0).padStart(7)} ms  ${s.name} (kernel processed ${s.insns})`);
const jsonOut = opt('--json');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ agree, n, unsafe, falseReject, samePc, sameMsg, bothReject, sameLog, logTotal, sameCount, rows }, null, 1));

function lastInsnIndex(log: string): number {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+): \([0-9a-f]{2}\)/.exec(lines[i]!);
    if (m) return Number(m[1]);
  }
  return -1;
}
