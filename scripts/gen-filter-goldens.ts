/**
 * Goldens for `tsbpf filter` from tcpdump 4.99: for every expression of test/golden/tcpdump/expressions.json
 * that compiles for a capture's link type, records
 *   - the program `tcpdump -r IN -ddd EXPR` prints (compiled for the file's link type),
 *   - how many packets `tcpdump -r IN EXPR` accepts (`--count`),
 *   - the SHA-256 of what `tcpdump -r IN -w OUT EXPR` writes.
 * The test runs the -ddd program with `tsbpf filter` and must accept the same packets and write the
 * same bytes.
 *
 * Captures: the classic helper's deterministic packets-<LT>.pcap (test/golden/classic/, unique
 * timestamps, every protocol the expressions name) and randpkt's random Ethernet frames.
 *
 *   node --import tsx scripts/gen-filter-goldens.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const CAPTURES: { file: string; linkType: string }[] = [
  { file: 'test/golden/classic/packets-EN10MB.pcap', linkType: 'EN10MB' },
  { file: 'test/golden/classic/packets-RAW.pcap', linkType: 'RAW' },
  { file: 'test/golden/classic/packets-LINUX_SLL.pcap', linkType: 'LINUX_SLL' },
  { file: 'test/golden/classic/packets-NULL.pcap', linkType: 'NULL' },
  { file: 'test/fixtures/pcap/randpkt-eth.pcap', linkType: 'EN10MB' },
];

interface Case { expr: string; linkType: string; ddd?: string[]; error?: string }
const corpus = JSON.parse(readFileSync(join(ROOT, 'test/golden/tcpdump/expressions.json'), 'utf8')) as { cases: Case[] };
const tmp = join(tmpdir(), `tsbpf-filter-goldens-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const out: { capture: string; expr: string; program: string; accepted: number; sha256: string }[] = [];
for (const cap of CAPTURES) {
  const input = join(ROOT, cap.file);
  const seen = new Set<string>();
  for (const c of corpus.cases) {
    if (c.linkType !== cap.linkType || c.error !== undefined || !c.ddd || seen.has(c.expr)) continue;
    seen.add(c.expr);
    const ddd = spawnSync('tcpdump', ['-r', input, '-ddd', c.expr], { encoding: 'utf8' });
    if (ddd.status !== 0) continue;
    const lines = ddd.stdout.trim().split('\n');
    const outFile = join(tmp, 'out.pcap');
    execFileSync('tcpdump', ['-r', input, '-w', outFile, c.expr], { stdio: ['ignore', 'ignore', 'ignore'] });
    const count = execFileSync('tcpdump', ['-r', input, '--count', c.expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const accepted = Number(/^(\d+) packets?/m.exec(count)![1]);
    out.push({ capture: cap.file, expr: c.expr, program: `${lines[0]},${lines.slice(1).join(',')}`, accepted, sha256: sha256(readFileSync(outFile)) });
  }
}
rmSync(tmp, { recursive: true, force: true });
const version = execFileSync('tcpdump', ['--version'], { encoding: 'utf8' }).trim().split('\n').slice(0, 2);
mkdirSync(join(ROOT, 'test/golden/filter'), { recursive: true });
writeFileSync(join(ROOT, 'test/golden/filter/tcpdump-filter.json'),
  `{\n "generator": "scripts/gen-filter-goldens.ts",\n "tcpdump": ${JSON.stringify(version)},\n "cases": [\n` +
  out.map((c) => '  ' + JSON.stringify(c)).join(',\n') + '\n ]\n}\n');
console.log(`${out.length} cases`);
