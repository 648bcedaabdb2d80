/**
 * tsbpf's public library API. Each area is available as a namespace (`isa`, `text`, `vm`, …);
 * the most common entry points are also exported at the top level.
 */
export * from './errors.js';

export * as isa from './isa/index.js';
export * as text from './text/index.js';
export * as vm from './vm/index.js';
export * as classic from './classic/index.js';
export * as filter from './filter/index.js';
export * as pcap from './pcap/index.js';
export * as loader from './loader/index.js';
export * as maps from './maps/index.js';
export * as progtypes from './progtypes/index.js';
export * as verifier from './verifier/index.js';
export * as debug from './debugger/index.js';

// Instructions in and out.
export { type Insn, decode, encode, validate, FORMS, formOf } from './isa/index.js';
export { assembleConformance, disassembleConformance } from './text/conformance.js';
export { assembleLlvm } from './text/llvm-asm.js';
export { disassembleLlvm } from './text/llvm-disasm.js';
export { disassembleKernel } from './text/kernel-disasm.js';

// Running programs: one executor interface over the interpreter and the JIT.
export { runProgram as run, createExecutor, type Engine, type Executor, type EngineRunOptions, type EngineRunResult } from './jit/run.js';
export { AddressSpace, HelperTable, conformanceHelpers } from './vm/index.js';

// Objects, maps and program types.
export { loadObject } from './loader/index.js';
export { ObjectInstance } from './runtime/instance.js';

// Verification.
export { verify } from './verifier/index.js';

// Classic BPF and captures.
export { compileFilter } from './filter/index.js';
export { assembleBpfAsm } from './text/bpf-asm.js';
export { parseClassicProgram, formatTcpdump } from './text/classic-disasm.js';
export { checkClassic, compileClassic } from './classic/index.js';
