/**
 * Engines an `ObjectInstance` can run entry points with, by name: the JIT to WebAssembly (the
 * default; it falls back to the interpreter for programs it cannot compile) and the interpreter.
 */
import { JitVm } from '../jit/engine.js';
import { Vm } from '../vm/interpreter.js';
import type { EngineFactory } from './instance.js';

/** A `JitVm` is a `ProgramRunner` itself (no wrapper on the per-packet path). */
export const jitEngine: EngineFactory = (program, options) => new JitVm(program, options);

export const interpEngine: EngineFactory = (program, options) => new Vm(program, options);

/** `--engine` names. */
export const ENGINES: Record<string, EngineFactory> = { interp: interpEngine, jit: jitEngine };
