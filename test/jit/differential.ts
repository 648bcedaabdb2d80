/**
 * Differential harness: runs a generated program on the interpreter and on the JIT, each in a
 * fresh address space set up identically, and describes what happened (r0, instruction count,
 * error kind/pc/address/size/message, and the input memory afterwards) so the two can be compared.
 */
import { TsbpfError, VmError } from '../../src/errors.js';
import { createExecutor, type Engine } from '../../src/jit/run.js';
import { conformanceHelpers } from '../../src/vm/conformance-helpers.js';
import type { GeneratedProgram } from './generator.js';

export interface Observation {
  engine: Engine;
  outcome: string;
  count: number;
  memory: string;
}

export function observe(p: GeneratedProgram, engine: Engine): Observation {
  let exec;
  try {
    exec = createExecutor(p.insns, { engine, helpers: conformanceHelpers, limit: p.limit });
  } catch (e) {
    if (!(e instanceof TsbpfError)) throw e;
    return { engine, outcome: `load: ${e.message}`, count: 0, memory: '' };
  }
  const space = exec.vm.space;
  const input = space.map('input', p.mem.length, { writable: true });
  space.write(input.vmAddr, p.mem);
  const rodata = space.map('rodata', 64, { writable: false });
  exec.vm.packet = input;
  let outcome: string;
  try {
    const r = exec.run([input.vmAddr, p.mem.length, rodata.vmAddr]);
    outcome = `r0=0x${r.r0.toString(16)} count=${r.insnCount}`;
  } catch (e) {
    if (!(e instanceof VmError)) throw e;
    outcome = `${e.kind} pc=${e.pc} address=${e.address} size=${e.size}: ${e.message}`;
  }
  const memory = Buffer.from(space.read(input.vmAddr, p.mem.length)).toString('hex');
  return { engine: exec.engine, outcome, count: exec.insnCount, memory };
}

/** Undefined when both engines agree, else a description of the difference. */
export function disagreement(p: GeneratedProgram): string | undefined {
  const a = observe(p, 'interp');
  const b = observe(p, 'jit');
  if (b.engine !== 'jit') return `seed ${p.seed}: the JIT fell back to the interpreter`;
  if (a.outcome !== b.outcome || a.count !== b.count || a.memory !== b.memory) {
    return `seed ${p.seed}:\n  interp: ${a.outcome} (count ${a.count})\n  jit:    ${b.outcome} (count ${b.count})`
      + (a.memory !== b.memory ? `\n  memory differs:\n    ${a.memory}\n    ${b.memory}` : '');
  }
  return undefined;
}
