export * from './memory.js';
export * from './helpers.js';
export * from './program.js';
export * from './interpreter.js';
export * from './run.js';
export { conformanceHelpers } from './conformance-helpers.js';
