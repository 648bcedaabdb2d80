/**
 * The printable pieces of the C-like syntax that llvm-objdump and the kernel log share, derived
 * from a form's `kind`/`op`/`size` (the forms themselves live in the one table, `isa/table.ts`).
 * The llvm assembler, the llvm disassembler and the kernel disassembler all use this mapping.
 */
import type { Form, Operation } from '../isa/table.js';

/** Compound assignment operators of ALU forms (`r1 += r2`). */
export const ALU_OPERATOR: Readonly<Partial<Record<Operation, string>>> = {
  add: '+=', sub: '-=', mul: '*=', div: '/=', or: '|=', and: '&=', lsh: '<<=', rsh: '>>=',
  mod: '%=', xor: '^=', mov: '=', arsh: 's>>=', sdiv: 's/=', smod: 's%=',
};

/** Comparison operators of conditional jumps (`if r1 s> r2 goto +3`). */
export const JUMP_OPERATOR: Readonly<Partial<Record<Operation, string>>> = {
  jeq: '==', jgt: '>', jge: '>=', jset: '&', jne: '!=', jsgt: 's>', jsge: 's>=',
  jlt: '<', jle: '<=', jslt: 's<', jsle: 's<=',
};

/** Atomic read-modify-write operators: `lock *(u64 *)(r1 + 0) += r2` and `atomic_fetch_add`. */
export const ATOMIC_OPERATOR: Readonly<Partial<Record<Operation, string>>> = {
  add: '+=', or: '|=', and: '&=', xor: '^=',
};

/** Memory access types by width in bytes: `u8`…`u64`. */
export function memType(size: number, signed = false): string {
  return `${signed ? 's' : 'u'}${size * 8}`;
}

/** Width in bytes of a `u8`/`s16`/… type name, or undefined. */
export function typeSize(name: string): { size: 1 | 2 | 4 | 8; signed: boolean } | undefined {
  const m = /^([us])(8|16|32|64)$/.exec(name);
  if (!m) return undefined;
  return { size: (Number(m[2]) / 8) as 1 | 2 | 4 | 8, signed: m[1] === 's' };
}

/** Inverts one of the maps above: operator text → operation. */
export function operationOf(map: Readonly<Partial<Record<Operation, string>>>, text: string): Operation | undefined {
  for (const [op, t] of Object.entries(map)) if (t === text) return op as Operation;
  return undefined;
}

/** Register prefix of an ALU/JMP form: `w` for the 32-bit classes, `r` otherwise. */
export function regPrefix(f: Form): 'r' | 'w' {
  return f.is64 ? 'r' : 'w';
}

/** `%+d` as C's printf writes it. */
export function plusSigned(n: number): string {
  return n < 0 ? `${n}` : `+${n}`;
}
