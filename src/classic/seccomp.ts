/**
 * seccomp filters (kernel/seccomp.c, uapi linux/seccomp.h): the `seccomp_data` context, the
 * `seccomp_check_filter` rules applied after the classic checker (with the kernel's rewrites:
 * `ld [k]` becomes a context load, `ld #len` the constant 64), `SECCOMP_RET_*` decoding, and
 * evaluation of a stack of filters (the lowest action wins).
 */
import { CClass, CMode, CSize, type SockFilter } from '../isa/classic.js';
import { checkClassic, ClassicCheckError } from './checker.js';
import { compileClassic, type ClassicRunner } from './interpreter.js';
import * as aarch64 from './syscalls/aarch64.js';
import * as x86_64 from './syscalls/x86_64.js';

/** sizeof(struct seccomp_data). */
export const SECCOMP_DATA_SIZE = 64;

export const AUDIT_ARCH = { x86_64: 0xc000003e, aarch64: 0xc00000b7, i386: 0x40000003 } as const;

/** Syscall tables by architecture name. */
export const SYSCALL_TABLES: Readonly<Record<'x86_64' | 'aarch64', { AUDIT_ARCH: number; SYSCALLS: Readonly<Record<string, number>> }>> = {
  x86_64, aarch64,
};
export type SeccompArch = keyof typeof SYSCALL_TABLES;

export const SeccompRet = {
  KILL_PROCESS: 0x80000000, KILL_THREAD: 0x00000000, TRAP: 0x00030000, ERRNO: 0x00050000,
  USER_NOTIF: 0x7fc00000, TRACE: 0x7ff00000, LOG: 0x7ffc0000, ALLOW: 0x7fff0000,
} as const;
export const SECCOMP_RET_ACTION_FULL = 0xffff0000;
export const SECCOMP_RET_DATA = 0x0000ffff;
const MAX_ERRNO = 4095;

export interface SeccompData {
  /** System call number (`int nr`). */
  nr: number;
  /** AUDIT_ARCH_* value. */
  arch: number;
  instructionPointer?: bigint;
  /** Up to six 64-bit arguments. */
  args?: readonly bigint[];
}

/** `struct seccomp_data` in host (little-endian) byte order. */
export function seccompDataBytes(d: SeccompData): Uint8Array {
  const out = new Uint8Array(SECCOMP_DATA_SIZE);
  const v = new DataView(out.buffer);
  v.setInt32(0, d.nr | 0, true);
  v.setUint32(4, d.arch >>> 0, true);
  v.setBigUint64(8, BigInt.asUintN(64, d.instructionPointer ?? 0n), true);
  (d.args ?? []).slice(0, 6).forEach((a, i) => v.setBigUint64(16 + 8 * i, BigInt.asUintN(64, a), true));
  return out;
}

const SECCOMP_ALLOWED = new Set<number>([
  CClass.RET | 0x00, CClass.RET | 0x10,
  ...[0x00, 0x10, 0x20, 0x30, 0x50, 0x40, 0xa0, 0x60, 0x70].flatMap((op) => [CClass.ALU | op, CClass.ALU | op | 0x08]),
  CClass.ALU | 0x80,
  CClass.LD | CMode.IMM, CClass.LDX | CMode.IMM, CClass.MISC | 0x00, CClass.MISC | 0x80,
  CClass.LD | CMode.MEM, CClass.LDX | CMode.MEM, CClass.ST, CClass.STX,
  CClass.JMP | 0x00, ...[0x10, 0x30, 0x20, 0x40].flatMap((op) => [CClass.JMP | op, CClass.JMP | op | 0x08]),
]);

/**
 * Checks a seccomp filter as the kernel does (bpf_check_classic, then seccomp_check_filter) and
 * returns the program the kernel would run, with its rewrites applied. Throws ClassicCheckError.
 */
export function checkSeccomp(prog: readonly SockFilter[]): SockFilter[] {
  checkClassic(prog, 'linux');
  return prog.map((i, pc) => {
    const k = i.k >>> 0;
    switch (i.code) {
      case CClass.LD | CSize.W | CMode.ABS:
        if (k >= SECCOMP_DATA_SIZE || k & 3) {
          throw new ClassicCheckError('seccomp', `ld [${k}] is not an aligned word of seccomp_data (0..60)`, pc, 'linux');
        }
        return { code: CClass.LDX | CSize.W | CMode.ABS, jt: i.jt, jf: i.jf, k };
      case CClass.LD | CSize.W | CMode.LEN: return { code: CClass.LD | CMode.IMM, jt: i.jt, jf: i.jf, k: SECCOMP_DATA_SIZE };
      case CClass.LDX | CSize.W | CMode.LEN: return { code: CClass.LDX | CMode.IMM, jt: i.jt, jf: i.jf, k: SECCOMP_DATA_SIZE };
      default:
        if (!SECCOMP_ALLOWED.has(i.code)) {
          throw new ClassicCheckError('seccomp', `opcode 0x${i.code.toString(16)} is not allowed in seccomp filters`, pc, 'linux');
        }
        return { ...i, k };
    }
  });
}

/** A checked seccomp filter, ready to evaluate. */
export interface SeccompFilter {
  /** The program as the kernel runs it (after seccomp's rewrites). */
  readonly prog: readonly SockFilter[];
  readonly run: ClassicRunner;
}

export function compileSeccomp(prog: readonly SockFilter[]): SeccompFilter {
  const checked = checkSeccomp(prog);
  return { prog: checked, run: compileClassic(checked) };
}

/** The action a return value selects, as the kernel reads it (`(s32)(ret & 0xffff0000)`). */
export function seccompActionOf(ret: number): number {
  return (ret & SECCOMP_RET_ACTION_FULL) | 0;
}

/**
 * Names a seccomp return value: ALLOW, KILL_PROCESS, KILL_THREAD, TRAP, ERRNO(n), USER_NOTIF,
 * TRACE(n), LOG. Unknown actions are killed like KILL_PROCESS by current kernels and are shown so.
 */
export function formatSeccompAction(ret: number): string {
  const action = (ret & SECCOMP_RET_ACTION_FULL) >>> 0;
  const data = ret & SECCOMP_RET_DATA;
  switch (action) {
    case SeccompRet.KILL_PROCESS: return 'KILL_PROCESS';
    case SeccompRet.KILL_THREAD: return 'KILL_THREAD';
    case SeccompRet.TRAP: return 'TRAP';
    case SeccompRet.ERRNO: return `ERRNO(${Math.min(data, MAX_ERRNO)})`;
    case SeccompRet.USER_NOTIF: return 'USER_NOTIF';
    case SeccompRet.TRACE: return `TRACE(${data})`;
    case SeccompRet.LOG: return 'LOG';
    case SeccompRet.ALLOW: return 'ALLOW';
    default: return 'KILL_PROCESS';
  }
}

/**
 * Runs a stack of filters (in installation order) on one system call, as seccomp_run_filters does:
 * newest first, and the return value with the lowest signed action wins (the first on ties).
 */
export function evaluateSeccomp(filters: readonly SeccompFilter[], data: SeccompData): number {
  const ctx = seccompDataBytes(data);
  let best = SeccompRet.ALLOW as number;
  for (let f = filters.length - 1; f >= 0; f--) {
    const ret = filters[f]!.run(ctx);
    if (seccompActionOf(ret) < seccompActionOf(best)) best = ret;
  }
  return best >>> 0;
}

/** Resolves a syscall name or number (decimal or 0x hex) for an architecture. */
export function syscallNumber(arch: SeccompArch, nameOrNumber: string): number | undefined {
  const t = nameOrNumber.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  return SYSCALL_TABLES[arch].SYSCALLS[t];
}

/** The name of a syscall number, if the table has one. */
export function syscallName(arch: SeccompArch, nr: number): string | undefined {
  for (const [name, v] of Object.entries(SYSCALL_TABLES[arch].SYSCALLS)) if (v === nr) return name;
  return undefined;
}
