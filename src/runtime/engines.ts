/**
 * Engines an `ObjectInstance` can run entry points with, by name: the JIT to WebAssembly (the
 * default; it falls back to the interpreter for programs it cannot compile) and the interpreter.
 */
import { JitVm } from '../jit/engine.js';
import { Vm } from '../vm/interpreter.js';
import type { EngineFactory } from './instance.js';

export const jitEngine: EngineFactory = (program, options) => {
  const j = new JitVm(program, options);
  return {
    run: (args) => j.run(args),
    get packet() { return j.vm.packet; },
    set packet(p) { j.vm.packet = p; },
    get insnCount() { return j.insnCount; },
    get engine() { return j.engine; },
  };
};

export const interpEngine: EngineFactory = (program, options) => new Vm(program, options);

/** `--engine` names. */
export const ENGINES: Record<string, EngineFactory> = { interp: interpEngine, jit: jitEngine };
