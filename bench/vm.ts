/**
 * The interpreter on each workload: one `Vm` per workload, `runs` calls to `vm.run` per measurement;
 * for the repeated filter also `vm.runU32` (the verdict API without a BigInt per run).
 */
import { Vm } from '../src/vm/interpreter.js';
import type { BenchRow, BenchSection } from './section.js';
import { measure } from './section.js';

export const interpreter: BenchSection = {
  name: 'interp',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const w of ctx.workloads) {
      const vm = new Vm(w.program, { limit: 2 ** 31 });
      const args: number[] = [0, 0];
      if (w.mem) {
        const input = vm.space.map('input', w.mem.length);
        vm.space.write(input.vmAddr, w.mem);
        args[0] = input.vmAddr;
        args[1] = w.mem.length;
      }
      let r0 = 0n;
      const time = measure(ctx.reps, () => {
        for (let i = 0; i < w.runs; i++) r0 = vm.run(args).r0;
      });
      if (r0 !== w.expected) throw new Error(`interp ${w.name}: r0 = 0x${r0.toString(16)}, expected 0x${w.expected.toString(16)}`);
      if (vm.insnCount !== w.insnsPerRun) throw new Error(`interp ${w.name}: ${vm.insnCount} instructions, expected ${w.insnsPerRun}`);
      rows.push({ workload: w.name, engine: 'interp', totalNs: time.wallNs, cpuNs: time.cpuNs, insns: w.insnsPerRun * w.runs, runs: w.runs });
      if (w.runs > 1) {
        // The same runs through runU32: a 32-bit verdict without the BigInt result per run.
        let verdict = 0;
        const verdictTime = measure(ctx.reps, () => {
          for (let i = 0; i < w.runs; i++) verdict = vm.runU32(args);
        });
        if (BigInt(verdict) !== BigInt.asUintN(32, w.expected)) throw new Error(`interp runU32 ${w.name}: ${verdict}`);
        rows.push({ workload: w.name, engine: 'interp runU32', totalNs: verdictTime.wallNs, cpuNs: verdictTime.cpuNs, insns: w.insnsPerRun * w.runs, runs: w.runs });
      }
    }
    return rows;
  },
};
