/** The UI-less debugger: engine (state, stepping, breakpoints), bpf_dbg command language, bpf_dbg text formats. */
export * from './engine.js';
export * from './classic-machine.js';
export * from './commands.js';
export * from './format.js';
