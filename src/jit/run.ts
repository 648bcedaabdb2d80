/**
 * One executor interface over both engines. `createExecutor` gives a machine with `run(args)`;
 * `runProgram` is the one-call form with the conformance-runner conventions of `src/vm/run.ts`
 * (input memory as region `input`, r1 = its address, r2 = its length, LD_ABS/LD_IND read it).
 * The JIT is the default; a program it cannot compile runs in the interpreter, and the result
 * carries the note saying why.
 */
import type { Insn } from '../isa/insn.js';
import { type EntryArgs, type RunResult, Vm, type VmOptions } from '../vm/interpreter.js';
import type { CompiledProgram } from '../vm/program.js';
import type { RunOptions } from '../vm/run.js';
import { JitVm } from './engine.js';

export type Engine = 'interp' | 'jit';
export const ENGINES: readonly Engine[] = ['interp', 'jit'];

export interface ExecutorOptions extends VmOptions {
  /** 'jit' (default) or 'interp'. */
  engine?: Engine;
}

/** A loaded program ready to run on one engine. */
export interface Executor {
  /** The engine that actually runs it ('interp' when the JIT fell back). */
  readonly engine: Engine;
  /** Why a JIT request runs in the interpreter. */
  readonly note: string | undefined;
  /** The interpreter machine (address space, helpers, frames, packet region, limit). */
  readonly vm: Vm;
  run(args?: EntryArgs): RunResult;
  /** Like `run`, returning only the low 32 bits of r0 (a filter's verdict), without BigInts. */
  runU32(args?: EntryArgs): number;
  /** Instructions executed by the last run, also after a fault. */
  readonly insnCount: number;
}

class InterpExecutor implements Executor {
  readonly engine = 'interp' as const;
  readonly note = undefined;
  readonly vm: Vm;
  constructor(vm: Vm) {
    this.vm = vm;
  }
  run(args?: EntryArgs): RunResult {
    return this.vm.run(args);
  }
  runU32(args?: EntryArgs): number {
    return this.vm.runU32(args);
  }
  get insnCount(): number {
    return this.vm.insnCount;
  }
}

export function createExecutor(program: readonly Insn[] | CompiledProgram, options: ExecutorOptions = {}): Executor {
  if (options.engine === 'interp') return new InterpExecutor(new Vm(program, options));
  return new JitVm(program, options);
}

export interface EngineRunOptions extends RunOptions {
  engine?: Engine;
}

export interface EngineRunResult extends RunResult {
  engine: Engine;
  note?: string;
}

/** Loads and runs a program once on the chosen engine; throws `DecodeError` (load) or `VmError` (run). */
export function runProgram(program: readonly Insn[] | CompiledProgram, options: EngineRunOptions = {}): EngineRunResult {
  const exec = createExecutor(program, options);
  const mem = options.mem;
  const extra = exec.note === undefined ? {} : { note: exec.note };
  if (!mem || mem.length === 0) return { ...exec.run([0, 0]), engine: exec.engine, ...extra };
  const space = exec.vm.space;
  const input = space.map('input', mem.length, { writable: true });
  space.write(input.vmAddr, mem);
  exec.vm.packet ??= input;
  return { ...exec.run([input.vmAddr, mem.length]), engine: exec.engine, ...extra };
}
