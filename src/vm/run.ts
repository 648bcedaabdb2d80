/**
 * The conformance-suite runner convention as a one-call API: the input memory becomes a writable
 * region `input`, r1 points to it and r2 holds its length (both 0 without memory), r10 is the top of
 * a 512-byte stack frame, and LD_ABS/LD_IND read from the same input memory.
 */
import type { Insn } from '../isa/insn.js';
import { type RunResult, Vm, type VmOptions } from './interpreter.js';
import type { CompiledProgram } from './program.js';

export interface RunOptions extends VmOptions {
  /** Input memory (copied into the VM); r1 = its address, r2 = its length. */
  mem?: Uint8Array;
}

/** Loads and runs a program once; throws `DecodeError` (load) or `VmError` (run). */
export function run(program: readonly Insn[] | CompiledProgram, options: RunOptions = {}): RunResult {
  const vm = new Vm(program, options);
  const mem = options.mem;
  if (!mem || mem.length === 0) return vm.run([0, 0]);
  const input = vm.space.map('input', mem.length, { writable: true });
  vm.space.write(input.vmAddr, mem);
  vm.packet ??= input;
  return vm.run([input.vmAddr, mem.length]);
}
