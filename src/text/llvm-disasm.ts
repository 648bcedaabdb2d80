/**
 * The llvm-objdump style: instruction text exactly as `llvm-objdump -d --no-show-raw-insn`
 * (LLVM 14) prints it for clang-compiled code, with jump targets as `+N` slot offsets (objdump's
 * ` <LBB0_3>` symbol suffix is not part of the instruction).
 *
 * LLVM 14 cannot print the cpu v4 forms (sdiv/smod, movsx, sign-extending loads, bswap, gotol),
 * BPF_ST stores, `%=` or callx with the register in dst; for those this printer uses the
 * spelling of newer LLVM releases: `r0 s/= r1`, `r0 = (s8)r1`, `r0 = *(s16 *)(r1 + 2)`,
 * `r0 = bswap16 r0`, `gotol +N`, `*(u32 *)(r10 - 4) = 7`, `r0 %= r1`, `callx r2`. See
 * docs/asm-syntax.md.
 */
import type { Insn } from '../isa/insn.js';
import { formOf } from '../isa/table.js';
import { ALU_OPERATOR, ATOMIC_OPERATOR, JUMP_OPERATOR, memType, regPrefix } from './c-syntax.js';

export interface LlvmDisasmOptions {
  /**
   * Print like `llvm-objdump --mattr=+alu32` (what objects built with `-mcpu=v3` are usually
   * shown with): 8/16/32-bit loads, stores and 32-bit atomics name `w` registers.
   */
  alu32?: boolean;
  /**
   * objdump prints a local (bpf-to-bpf) call exactly like a helper call, `call 6`. With this
   * option it prints `call pc+6`, which the assembler reads back as a local call, and a kfunc
   * call (src 2) as the kernel does, `call kernel-function#N`; use it when the text must
   * reassemble to the same bytes.
   */
  distinguishCalls?: boolean;
}

/** `(r1 + 4)` / `(r10 - 8)`: LLVM's memory operand. */
function memOperand(reg: number, off: number): string {
  return off < 0 ? `r${reg} - ${-off}` : `r${reg} + ${off}`;
}

function signedOffset(n: number): string {
  return n < 0 ? `${n}` : `+${n}`;
}

/** Text of one instruction, or `<unknown>` (as objdump prints) when no form matches. */
export function formatLlvm(i: Insn, options: LlvmDisasmOptions = {}): string {
  const f = formOf(i);
  if (!f) return '<unknown>';
  const narrow = (size: number): string => (options.alu32 && size < 8 ? 'w' : 'r');
  const p = regPrefix(f);
  switch (f.kind) {
    case 'alu': {
      const operand = f.reg ? `${p}${i.src}` : `${i.imm}`;
      return `${p}${i.dst} ${ALU_OPERATOR[f.op]} ${operand}`;
    }
    case 'movsx': return `${p}${i.dst} = (s${f.size * 8})${p}${i.src}`;
    case 'neg': return `${p}${i.dst} = -${p}${i.dst}`;
    case 'end': return `r${i.dst} = ${f.op}${f.size * 8} r${i.dst}`;
    case 'lddw': {
      const value = (BigInt(i.hi ?? 0) << 32n) | BigInt(i.imm >>> 0);
      const signed = BigInt.asIntN(64, value);
      return f.select.src === 0 ? `r${i.dst} = ${signed} ll` : `ld_pseudo\tr${i.dst}, ${i.src}, ${signed}`;
    }
    case 'ldx': return `${narrow(f.size)}${i.dst} = *(${memType(f.size)} *)(${memOperand(i.src, i.off)})`;
    case 'ldxs': return `r${i.dst} = *(${memType(f.size, true)} *)(${memOperand(i.src, i.off)})`;
    case 'st': return `*(${memType(f.size)} *)(${memOperand(i.dst, i.off)}) = ${i.imm}`;
    case 'stx': return `*(${memType(f.size)} *)(${memOperand(i.dst, i.off)}) = ${narrow(f.size)}${i.src}`;
    case 'atomic': return formatAtomic(i, f.op, f.size, f.select.imm ?? 0, narrow(f.size));
    case 'ldabs': return `r0 = *(${memType(f.size)} *)skb[${i.imm}]`;
    case 'ldind': return `r0 = *(${memType(f.size)} *)skb[r${i.src}${i.imm === 0 ? '' : i.imm < 0 ? ` - ${-i.imm}` : ` + ${i.imm}`}]`;
    case 'ja': return `goto ${signedOffset(i.off)}`;
    case 'ja32': return `gotol ${signedOffset(i.imm)}`;
    case 'jcc': {
      const operand = f.reg ? `${p}${i.src}` : `${i.imm}`;
      return `if ${p}${i.dst} ${JUMP_OPERATOR[f.op]} ${operand} goto ${signedOffset(i.off)}`;
    }
    case 'call':
      if (options.distinguishCalls && f.op === 'local') return `call pc${signedOffset(i.imm)}`;
      if (options.distinguishCalls && f.op === 'kfunc') return `call kernel-function#${i.imm}`;
      return `call ${i.imm}`;
    case 'callx': return `callx r${i.dst}`;
    case 'exit': return 'exit';
  }
}

function formatAtomic(i: Insn, op: string, size: number, imm: number, lockPrefix: string): string {
  const fetch = (imm & 1) !== 0;
  const addr = memOperand(i.dst, i.off);
  const w = size === 8 ? 'r' : 'w';
  if (op === 'xchg') return size === 8 ? `r${i.src} = xchg_64(${addr}, r${i.src})` : `w${i.src} = xchg32_32(${addr}, w${i.src})`;
  if (op === 'cmpxchg') return size === 8 ? `r0 = cmpxchg_64(${addr}, r0, r${i.src})` : `w0 = cmpxchg32_32(${addr}, w0, w${i.src})`;
  if (fetch) return `${w}${i.src} = atomic_fetch_${op}((${memType(size)} *)(${addr}), ${w}${i.src})`;
  return `lock *(${memType(size)} *)(${addr}) ${ATOMIC_OPERATOR[op as 'add']} ${lockPrefix}${i.src}`;
}

/** One line per instruction, `N:\t<text>` like objdump with slot numbers; LD_IMM64 advances by 2. */
export function disassembleLlvm(insns: readonly Insn[], options: LlvmDisasmOptions = {}): string[] {
  const lines: string[] = [];
  let pc = 0;
  for (const i of insns) {
    lines.push(`${String(pc).padStart(8)}:\t${formatLlvm(i, options)}`);
    pc += i.hi === undefined ? 1 : 2;
  }
  return lines;
}
