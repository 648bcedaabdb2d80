/**
 * Classic BPF: the public surface used by the CLI, `tsbpf filter`, the debugger and the filter
 * compiler. Read any format, check with the kernel's (or libpcap's) rules, compile to a fast runner,
 * print in any tool's format.
 */
export { checkClassic, ClassicCheckError, type ClassicProfile, type ClassicRule } from './checker.js';
export { compileClassic, decodeClassic, runClassic, type ClassicRunner, type CompileOptions, type DecodedClassic } from './interpreter.js';
export { LinkType, type SkbMeta } from './skb.js';
export { assembleBpfAsm, formatBpfAsm, formatBpfAsmC, formatBpfAsmCLine } from '../text/bpf-asm.js';
export {
  type ClassicFormat, detectClassicFormat, formatBpfAsmSource, formatBpfDbg, formatBpfDbgLine, formatTcpdump,
  formatTcpdumpDd, formatTcpdumpDdd, formatTcpdumpLine, parseBpfAsmOutput, parseCArray, parseClassicProgram,
  parseSockFilterBytes, parseTcpdumpD, parseTcpdumpDdd, sockFilterBytes,
} from '../text/classic-disasm.js';
export type { SockFilter, ClassicProgram } from '../isa/classic.js';
export {
  AUDIT_ARCH, checkSeccomp, compileSeccomp, evaluateSeccomp, formatSeccompAction, SECCOMP_DATA_SIZE, seccompDataBytes,
  SeccompRet, syscallName, syscallNumber, SYSCALL_TABLES, type SeccompArch, type SeccompData, type SeccompFilter,
} from './seccomp.js';
export {
  CLASSIC_HELPER, ClassicSkb, classicHelpers, compileClassicToEbpf, compileSeccompToEbpf, convertClassic, type ConvertedClassic,
} from './to-ebpf.js';
