/**
 * `npm run bench [-- --reps N] [--filter-runs N] [--only a,b]`: every registered section runs the
 * workloads of bench/workloads.ts and the table shows ns per executed eBPF instruction, ns per run,
 * and the ratio to the native C baseline of the same run.
 *
 * To add a section: write bench/<area>.ts exporting a `BenchSection` and add it to SECTIONS.
 */
import { cpus, loadavg } from 'node:os';
import { native } from './native.js';
import type { BenchRow, BenchSection } from './section.js';
import { interpreter } from './vm.js';
import { jit } from './jit.js';
import { jitCompile } from './jit-compile.js';
import { filterBench } from './filter.js';
import { filterCompile } from './filter-compile.js';
import { xdp } from './xdp.js';
import { workloads } from './workloads.js';

const SECTIONS: BenchSection[] = [
  native,
  interpreter,
  jit,
  jitCompile,
  filterCompile,
  filterBench,
  xdp,
];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const reps = Number(option('reps', '5'));
  const filterRuns = Number(option('filter-runs', '1000000'));
  const only = option('only', '').split(',').filter(Boolean);
  const ctx = { reps, workloads: workloads(filterRuns), log: (line: string) => console.log(line) };
  // Wall-clock figures inflate on a shared machine; say how busy it was (sections that can also
  // report CPU time, which leaves out time the process was not scheduled).
  console.log(`best of ${reps} runs; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; cpu ns/insn where measured`);
  const rows: BenchRow[] = [];
  for (const section of SECTIONS) {
    if (only.length > 0 && !only.includes(section.name) && section.name !== 'native') continue;
    const result = await section.run(ctx);
    if (typeof result === 'string') console.log(`${section.name}: ${result}`);
    else rows.push(...result);
  }
  printTable(rows, ctx.workloads.map((w) => `${w.name} (${w.description})`));
}

function printTable(rows: BenchRow[], titles: string[]): void {
  const header = ['workload', 'engine', 'ns/insn', 'ns/run', '× native', 'cpu ns/insn'];
  const lines: string[][] = [];
  for (const title of titles) {
    const name = title.split(' ')[0]!;
    const base = rows.find((r) => r.workload === name && r.engine.startsWith('native'));
    for (const r of rows.filter((x) => x.workload === name)) {
      const perInsn = r.totalNs / r.insns;
      lines.push([title, r.engine, perInsn.toFixed(3), (r.totalNs / r.runs).toFixed(1),
        base ? (r.totalNs / base.totalNs).toFixed(1) : 'n/a', r.cpuNs === undefined ? '-' : (r.cpuNs / r.insns).toFixed(3)]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
