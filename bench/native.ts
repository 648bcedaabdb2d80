/**
 * Native baseline: bench/c/workloads.c built with the system `cc -O2` into a temporary directory
 * and run in the same `npm run bench` invocation. Skipped with a message when there is no compiler.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './section.js';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'c', 'workloads.c');

export const native: BenchSection = {
  name: 'native',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'tsbpf-bench-'));
    try {
      const exe = join(dir, 'workloads');
      const cc = process.env.CC ?? 'cc';
      try {
        execFileSync(cc, ['-O2', '-o', exe, SOURCE], { stdio: 'pipe' });
      } catch (e) {
        return `skipped: could not build bench/c/workloads.c with '${cc} -O2' (${(e as Error).message.split('\n')[0]})`;
      }
      const filter = ctx.workloads.find((w) => w.name === 'filter');
      const out = execFileSync(exe, [String(ctx.reps), String(filter?.runs ?? 1_000_000)], { encoding: 'utf8' });
      const rows = [];
      for (const line of out.trim().split('\n')) {
        const [name, ns, cpu, result] = line.split(' ');
        const w = ctx.workloads.find((x) => x.name === name);
        if (!w || ns === undefined || cpu === undefined || result === undefined) continue;
        const expected = w.name === 'filter' ? 1n : w.expected;
        if (BigInt(`0x${result}`) !== expected) throw new Error(`native ${name}: result 0x${result}, expected 0x${expected.toString(16)}`);
        rows.push({ workload: w.name, engine: `native ${cc} -O2`, totalNs: Number(ns), cpuNs: Number(cpu), insns: w.insnsPerRun * w.runs, runs: w.runs });
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
