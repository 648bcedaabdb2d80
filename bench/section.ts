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
  /**
   * Best CPU time of one measurement in ns, when the section measured it: on a shared machine it
   * leaves out the time the process was not scheduled, which wall-clock time does not.
   */
  cpuNs?: number;
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

/** Best wall-clock and best CPU time (user + system, µs resolution) of `reps` runs of `fn`, in ns. */
export function measure(reps: number, fn: () => void): { wallNs: number; cpuNs: number } {
  let wallNs = Infinity;
  let cpuNs = Infinity;
  for (let k = 0; k < reps; k++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    fn();
    wallNs = Math.min(wallNs, (performance.now() - t) * 1e6);
    const used = process.cpuUsage(cpu);
    cpuNs = Math.min(cpuNs, (used.user + used.system) * 1e3);
  }
  return { wallNs, cpuNs };
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
