export * from './conformance.js';
export * from './conformance-data.js';
export * from './llvm-asm.js';
export * from './llvm-disasm.js';
export * from './kernel-disasm.js';
export * from './hex-bytes.js';
export * from './bpf-asm.js';
export * from './classic-disasm.js';
