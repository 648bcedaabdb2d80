/** The contract between bench/run.ts and each benchmark section (bench/<area>.ts). */
import type { Workload } from './workloads.js';

export interface BenchRow {
  workload: string;
  /** Engine or variant, e.g. `interp`, `native cc -O2`, `jit`. */
  engine: string;
  /** Best wall time of one measurement (all runs of the workload), in ns. */
  totalNs: number;
  /** Executed eBPF instructions in one measurement. */
  insns: number;
  /** Runs of the program in one measurement. */
  runs: number;
}

export interface BenchContext {
  /** Repetitions per measurement; report the best. */
  reps: number;
  workloads: Workload[];
  log: (line: string) => void;
}

export interface BenchSection {
  name: string;
  /** Rows measured, or a message saying why the section was skipped. */
  run: (ctx: BenchContext) => Promise<BenchRow[] | string>;
}

/** Best of `reps` timings of `fn` in ns (performance.now has µs resolution here). */
export function bestOf(reps: number, fn: () => void): number {
  let best = Infinity;
  for (let k = 0; k < reps; k++) {
    const t = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t) * 1e6);
  }
  return best;
}
