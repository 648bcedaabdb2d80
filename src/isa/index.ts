export * from './opcodes.js';
export * from './insn.js';
export * from './table.js';
export * from './codec.js';
export * from './validate.js';
