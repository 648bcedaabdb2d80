/**
 * The JIT on each workload (beside the interpreter and native C in the same table): one compiled
 * program per workload, `runs` calls of `run` per measurement; the filter once more in batch mode
 * (all packets in one wasm call); and the compile time of a 1,000-instruction program.
 */
import { JitVm } from '../src/jit/engine.js';
import type { Insn } from '../src/isa/insn.js';
import { FORMS } from '../src/isa/table.js';
import { AddressSpace } from '../src/vm/memory.js';
import type { BenchRow, BenchSection } from './section.js';
import { measure } from './section.js';
import { FILTER_PACKET } from './workloads.js';

export const jit: BenchSection = {
  name: 'jit',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const w of ctx.workloads) {
      const vm = new JitVm(w.program, { limit: 2 ** 31 });
      if (vm.engine !== 'jit') throw new Error(`jit ${w.name}: ${vm.note}`);
      const args: number[] = [0, 0];
      if (w.mem) {
        const input = vm.vm.space.map('input', w.mem.length, { capacity: Math.max(w.mem.length, 2048) });
        vm.vm.space.write(input.vmAddr, w.mem);
        vm.vm.packet = input;
        args[0] = input.vmAddr;
        args[1] = w.mem.length;
      }
      let r0 = 0n;
      const time = measure(ctx.reps, () => {
        for (let i = 0; i < w.runs; i++) r0 = vm.run(args).r0;
      });
      if (r0 !== w.expected) throw new Error(`jit ${w.name}: r0 = 0x${r0.toString(16)}, expected 0x${w.expected.toString(16)}`);
      if (vm.insnCount !== w.insnsPerRun) throw new Error(`jit ${w.name}: ${vm.insnCount} instructions, expected ${w.insnsPerRun}`);
      rows.push({ workload: w.name, engine: 'jit', totalNs: time.wallNs, cpuNs: time.cpuNs, insns: w.insnsPerRun * w.runs, runs: w.runs });

      if (w.name === 'filter') {
        // The verdict entry (low 32 bits of r0, no BigInt), then batch mode: 10,000 copies of the
        // packet staged once in linear memory and run in one wasm call per batch.
        let verdict = 0;
        const verdictTime = measure(ctx.reps, () => {
          for (let i = 0; i < w.runs; i++) verdict = vm.runU32(args);
        });
        if (verdict !== 1) throw new Error('jit filter runU32: verdict is not 1');
        rows.push({ workload: w.name, engine: 'jit runU32', totalNs: verdictTime.wallNs, cpuNs: verdictTime.cpuNs, insns: w.insnsPerRun * w.runs, runs: w.runs });

        const batch = 10_000;
        const data = new Uint8Array(FILTER_PACKET.length * batch);
        const offsets = new Uint32Array(batch), lengths = new Uint32Array(batch).fill(FILTER_PACKET.length);
        for (let i = 0; i < batch; i++) { data.set(FILTER_PACKET, i * FILTER_PACKET.length); offsets[i] = i * FILTER_PACKET.length; }
        const batches = Math.max(1, Math.round(w.runs / batch));
        let verdicts: Uint32Array = new Uint32Array(0);
        const stagedTime = measure(ctx.reps, () => {
          for (let i = 0; i < batches; i++) verdicts = vm.runBatchBuffer(data, offsets, lengths);
        });
        if (verdicts.some((v) => v !== 1)) throw new Error('jit filter batch: a verdict is not 1');
        rows.push({ workload: w.name, engine: 'jit batch (staging incl.)', totalNs: stagedTime.wallNs, cpuNs: stagedTime.cpuNs, insns: w.insnsPerRun * batch * batches, runs: batch * batches });
        // Wall time: the best single batch (tens of microseconds, least disturbed by other
        // processes), scaled; CPU time: all batches of a measurement. Verdicts go into one
        // reused array, as a caller running batch after batch would have them.
        const staged = vm.stageBatch(data, offsets, lengths);
        const into = new Uint32Array(batch);
        const one = measure(ctx.reps * batches, () => { verdicts = vm.runStaged(staged, undefined, into); });
        const all = measure(ctx.reps, () => { for (let i = 0; i < batches; i++) verdicts = vm.runStaged(staged, undefined, into); });
        if (verdicts.some((v) => v !== 1)) throw new Error('jit filter staged batch: a verdict is not 1');
        // Scaled to the same number of packets as the other rows, so the ratio column compares.
        rows.push({ workload: w.name, engine: 'jit batch', totalNs: one.wallNs * batches, cpuNs: all.cpuNs, insns: w.insnsPerRun * batch * batches, runs: batch * batches });
      }
    }
    // Compile time, cold and warm. V8 caches compiled modules by their bytes, so each compilation
    // gets a program of its own (another immediate in its first instruction), as a new program
    // would be. The first compilation also pays for V8 optimising the compiler itself; the best
    // of 300 is the steady state of a process that compiles many programs (an object's, a
    // verifier-then-run loop, a playground).
    // The machines share one address space, as an object's programs do: a new one per machine
    // would allocate a WebAssembly.Memory each time and put its garbage collections into the
    // figure.
    const space = new AddressSpace();
    const firstMs = new JitVm(thousandInstructions(0), { space }).compileMs;
    const times: number[] = [];
    for (let k = 1; k <= 300; k++) times.push(new JitVm(thousandInstructions(k), { space }).compileMs);
    const last30 = times.slice(-30).sort((a, b) => a - b);
    ctx.log(`jit: compile time for 1000 instructions (generate + WebAssembly.Module + instantiate): first ${firstMs.toFixed(3)} ms; after 300 compilations best ${Math.min(...times).toFixed(3)} ms, median of the last 30 ${last30[15]!.toFixed(3)} ms`);
    return rows;
  },
};

/** A 1,000-instruction program: ALU work, stack traffic and forward branches, ending in exit; `variant` changes one immediate. */
export function thousandInstructions(variant = 0): Insn[] {
  const form = (name: string, reg: boolean) => FORMS.find((f) => f.name === name && f.reg === reg)!;
  const insns: Insn[] = [];
  const add = (f: { code: number }, dst = 0, src = 0, off = 0, imm = 0) => insns.push({ code: f.code, dst, src, off, imm });
  let k = 0;
  while (insns.length < 999) {
    switch (k++ % 8) {
      case 0: add(form('mov', false), k % 6, 0, 0, k); break;
      case 1: add(form('add', true), (k + 1) % 6, k % 6); break;
      case 2: add(form('mul', false), k % 6, 0, 0, 7); break;
      case 3: add(form('stxdw', true), 10, k % 6, -8 * (1 + (k % 60))); break;
      case 4: add(form('ldxdw', true), (k + 2) % 6, 10, -8 * (1 + (k % 60))); break;
      case 5: add(form('jgt', false), k % 6, 0, 1, 100); break;
      case 6: add(form('xor', true), k % 6, (k + 3) % 6); break;
      case 7: add(form('rsh', false), k % 6, 0, 0, 3); break;
    }
  }
  add(FORMS.find((f) => f.kind === 'exit')!);
  insns[0]!.imm += variant;
  return insns;
}
