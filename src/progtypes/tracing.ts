/**
 * Non-packet program types. Their context is a blob the user supplies (`--ctx FILE`): x86-64
 * `struct pt_regs` for kprobes, the tracepoint's record for tracepoints, `u64 args[]` for raw
 * tracepoints, `struct bpf_perf_event_data` for perf events. It is read-only to the program, as
 * in the kernel; pointers inside it can be followed with bpf_probe_read_* into a memory image.
 * `seccomp` is `struct seccomp_data`, and `raw` is the conformance-suite convention (r1 = memory,
 * r2 = its length).
 */
import { TRACING_HELPERS } from './helper-sets.js';
import { fields, type ProgTypeInfo } from './types.js';

/** x86-64 `struct pt_regs` (what PT_REGS_PARM1..5 read): 21 u64 registers. */
export const PT_REGS = [
  'r15', 'r14', 'r13', 'r12', 'bp', 'bx', 'r11', 'r10', 'r9', 'r8', 'ax', 'cx', 'dx', 'si', 'di', 'orig_ax',
  'ip', 'cs', 'flags', 'sp', 'ss',
] as const;

export const kprobe: ProgTypeInfo = {
  name: 'kprobe', ctxStruct: 'pt_regs', ctxSize: PT_REGS.length * 8,
  fields: fields(PT_REGS.map((r, i) => [r, i * 8, 8, true, false] as [string, number, number, boolean, boolean])),
  packet: 'none', helpers: TRACING_HELPERS, returnNames: {},
};

export const tracepoint: ProgTypeInfo = {
  name: 'tracepoint', ctxStruct: 'tracepoint record (user-supplied)', ctxSize: 0, fields: [],
  packet: 'none', helpers: TRACING_HELPERS, returnNames: {},
};

export const rawTracepoint: ProgTypeInfo = {
  name: 'raw_tracepoint', ctxStruct: 'bpf_raw_tracepoint_args { u64 args[] }', ctxSize: 0, fields: [],
  packet: 'none', helpers: TRACING_HELPERS, returnNames: {},
};

export const perfEvent: ProgTypeInfo = {
  name: 'perf_event', ctxStruct: 'bpf_perf_event_data', ctxSize: PT_REGS.length * 8 + 16,
  fields: fields([['regs', 0, PT_REGS.length * 8, true, false], ['sample_period', 168, 8, true, false], ['addr', 176, 8, true, false]]),
  packet: 'none', helpers: TRACING_HELPERS, returnNames: {},
};

export const SECCOMP_DATA_SIZE = 64;

/** `struct seccomp_data { int nr; u32 arch; u64 instruction_pointer; u64 args[6]; }`. */
export const seccompFields = fields([
  ['nr', 0, 4, true, false], ['arch', 4, 4, true, false], ['instruction_pointer', 8, 8, true, false], ['args', 16, 48, true, false],
]);

export const SECCOMP_RETURN_NAMES: Record<number, string> = {
  0x80000000: 'SECCOMP_RET_KILL_PROCESS', 0: 'SECCOMP_RET_KILL_THREAD', 0x30000: 'SECCOMP_RET_TRAP', 0x50000: 'SECCOMP_RET_ERRNO',
  0x7fc00000: 'SECCOMP_RET_USER_NOTIF', 0x7ff00000: 'SECCOMP_RET_TRACE', 0x7ffc0000: 'SECCOMP_RET_LOG', 0x7fff0000: 'SECCOMP_RET_ALLOW',
};

