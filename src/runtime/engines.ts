/**
 * Engines an `ObjectInstance` can run entry points with, by name: the interpreter (default) and
 * the JIT to WebAssembly (which falls back to the interpreter for programs it cannot compile).
 */
import { JitVm } from '../jit/engine.js';
import type { EngineFactory } from './instance.js';

export const jitEngine: EngineFactory = (program, options) => {
  const j = new JitVm(program, options);
  return {
    run: (args) => j.run(args),
    get packet() { return j.vm.packet; },
    set packet(p) { j.vm.packet = p; },
    get insnCount() { return j.insnCount; },
  };
};

/** `--engine` names; `interp` is the instance's default (undefined). */
export const ENGINES: Record<string, EngineFactory | undefined> = { interp: undefined, jit: jitEngine };
