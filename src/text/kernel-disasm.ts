/**
 * The kernel verifier-log style (`print_bpf_insn` of kernel/bpf/disasm.c, Linux 6.18): one
 * instruction as `(bf) r0 = r2`, `(07) r2 += -8`, `(15) if r0 == 0x0 goto pc+2`,
 * `(85) call bpf_map_lookup_elem#1`, `(18) r1 = 0x…`, `(63) *(u32 *)(r10 -4) = r1`.
 *
 * The formats follow the kernel's printf strings: ALU immediates in signed decimal, jump
 * immediates as u32 hex (`0x0`), memory offsets as `%+d` after a space, LD_IMM64 as `0x%llx`.
 * Like the kernel, callx (0x8d) prints as a helper call of its imm (`call bpf_unspec#0`): the
 * kernel's printer has no callx text.
 */
import { helperName } from '../isa/helpers.js';
import type { Insn } from '../isa/insn.js';
import { LdImm64Src } from '../isa/opcodes.js';
import { formOf } from '../isa/table.js';
import { ALU_OPERATOR, ATOMIC_OPERATOR, JUMP_OPERATOR, memType, plusSigned, regPrefix } from './c-syntax.js';

export interface KernelDisasmOptions {
  /**
   * The verifier's `allow_ptr_leaks` (privileged loads): LD_IMM64 of a map (src 1, 2, 5, 6) or a
   * BTF id (src 3) prints its value; otherwise 0. Default true, as root sees it.
   */
  allowPtrLeaks?: boolean;
  /**
   * The kernel's `cb_imm` hook: text for an LD_IMM64 value (bpftool prints `map[id:5]` or
   * `map[id:5][0]+8`). Return undefined for the default `0x%llx`.
   */
  immName?: (insn: Insn, value: bigint) => string | undefined;
  /**
   * The kernel's `cb_call` hook: the name of a kfunc (src 2), or of a helper id the table does
   * not know. Return undefined for the default (`kernel-function`, `unknown`, `pc+N`).
   */
  callName?: (insn: Insn) => string | undefined;
}

const POINTER_SOURCES: ReadonlySet<number> = new Set([
  LdImm64Src.MAP_BY_FD, LdImm64Src.MAP_VALUE_BY_FD, LdImm64Src.MAP_BY_IDX, LdImm64Src.MAP_VALUE_BY_IDX,
  LdImm64Src.VARIABLE_ADDR,
]);

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** `(r10 -4)`: the kernel's `(r%d %+d)` memory operand. */
function mem(reg: number, off: number): string {
  return `(r${reg} ${plusSigned(off)})`;
}

/** The text after the index: `(bf) r0 = r2`. Unknown encodings print as the kernel's class fallbacks. */
export function formatKernel(i: Insn, options: KernelDisasmOptions = {}): string {
  return `(${hex2(i.code)}) ${kernelBody(i, options)}`;
}

function kernelBody(i: Insn, options: KernelDisasmOptions): string {
  const f = formOf(i);
  if (!f) return `BUG_${hex2(i.code)}`;
  const p = regPrefix(f);
  switch (f.kind) {
    case 'alu':
      return f.reg ? `${p}${i.dst} ${ALU_OPERATOR[f.op]} ${p}${i.src}` : `${p}${i.dst} ${ALU_OPERATOR[f.op]} ${i.imm}`;
    case 'movsx': return `${p}${i.dst} = (s${f.size * 8})${p}${i.src}`;
    case 'neg': return `${p}${i.dst} = -${p}${i.dst}`;
    case 'end': return `r${i.dst} = ${f.op}${f.size * 8} r${i.dst}`;
    case 'stx': return `*(${memType(f.size)} *)${mem(i.dst, i.off)} = r${i.src}`;
    case 'st': return `*(${memType(f.size)} *)${mem(i.dst, i.off)} = ${i.imm}`;
    case 'ldx': return `r${i.dst} = *(${memType(f.size)} *)${mem(i.src, i.off)}`;
    case 'ldxs': return `r${i.dst} = *(${memType(f.size, true)} *)${mem(i.src, i.off)}`;
    case 'atomic': {
      const w = f.size === 8 ? '64' : '';
      const ty = memType(f.size);
      if (f.op === 'cmpxchg') return `r0 = atomic${w}_cmpxchg((${ty} *)${mem(i.dst, i.off)}, r0, r${i.src})`;
      if (f.op === 'xchg') return `r${i.src} = atomic${w}_xchg((${ty} *)${mem(i.dst, i.off)}, r${i.src})`;
      if ((i.imm & 1) !== 0) return `r${i.src} = atomic${w}_fetch_${f.op}((${ty} *)${mem(i.dst, i.off)}, r${i.src})`;
      return `lock *(${ty} *)${mem(i.dst, i.off)} ${ATOMIC_OPERATOR[f.op]} r${i.src}`;
    }
    case 'ldabs': return `r0 = *(${memType(f.size)} *)skb[${i.imm}]`;
    case 'ldind': return `r0 = *(${memType(f.size)} *)skb[r${i.src} + ${i.imm}]`;
    case 'lddw': {
      let value = BigInt.asUintN(64, (BigInt(i.hi ?? 0) << 32n) | BigInt(i.imm >>> 0));
      if (POINTER_SOURCES.has(i.src) && options.allowPtrLeaks === false) value = 0n;
      return `r${i.dst} = ${options.immName?.(i, value) ?? `0x${value.toString(16)}`}`;
    }
    case 'call': case 'callx': {
      if (f.kind === 'call' && f.op === 'local') return `call pc${options.callName?.(i) ?? plusSigned(i.imm)}`;
      const known = i.src === 0 ? helperName(i.imm) : undefined;
      const name = known ?? options.callName?.(i) ?? (i.src === 2 ? 'kernel-function' : 'unknown');
      return `call ${name}#${i.imm}`;
    }
    case 'ja': return `goto pc${plusSigned(i.off)}`;
    case 'ja32': return `gotol pc${plusSigned(i.imm)}`;
    case 'exit': return 'exit';
    case 'jcc':
      return f.reg
        ? `if ${p}${i.dst} ${JUMP_OPERATOR[f.op]} ${p}${i.src} goto pc${plusSigned(i.off)}`
        : `if ${p}${i.dst} ${JUMP_OPERATOR[f.op]} 0x${(i.imm >>> 0).toString(16)} goto pc${plusSigned(i.off)}`;
  }
}

/** A program as the verifier log numbers it: `N: (xx) text`, LD_IMM64 advancing the index by 2. */
export function disassembleKernel(insns: readonly Insn[], options: KernelDisasmOptions = {}): string[] {
  const lines: string[] = [];
  let pc = 0;
  for (const i of insns) {
    lines.push(`${pc}: ${formatKernel(i, options)}`);
    pc += i.hi === undefined ? 1 : 2;
  }
  return lines;
}
