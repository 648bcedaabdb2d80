/**
 * A deliberately naive BigInt model of RFC 9669 ALU and jump semantics, written from the RFC text
 * independently of the interpreter (no lo/hi pairs, no shared helpers), for differential tests.
 * Straight-line programs with forward jumps only; no memory, no calls.
 */
import type { Insn } from '../../src/isa/insn.js';
import { imm64 } from '../../src/isa/insn.js';
import { formOf } from '../../src/isa/table.js';

const U64 = (x: bigint) => BigInt.asUintN(64, x);
const S64 = (x: bigint) => BigInt.asIntN(64, x);
const U32 = (x: bigint) => BigInt.asUintN(32, x);
const S32 = (x: bigint) => BigInt.asIntN(32, x);

function swap(x: bigint, bytes: number): bigint {
  let out = 0n;
  for (let i = 0; i < bytes; i++) out = (out << 8n) | ((x >> BigInt(8 * i)) & 0xffn);
  return out;
}

function alu(op: string, a: bigint, b: bigint, bits: 32 | 64): bigint {
  const U = bits === 32 ? U32 : U64;
  const S = bits === 32 ? S32 : S64;
  const min = -(1n << BigInt(bits - 1));
  const mask = BigInt(bits - 1);
  a = U(a); b = U(b);
  switch (op) {
    case 'add': return U(a + b);
    case 'sub': return U(a - b);
    case 'mul': return U(a * b);
    case 'div': return b === 0n ? 0n : a / b;
    case 'mod': return b === 0n ? a : a % b;
    case 'sdiv': return b === 0n ? 0n : S(a) === min && S(b) === -1n ? U(min) : U(S(a) / S(b));
    case 'smod': return b === 0n ? a : S(b) === -1n ? 0n : U(S(a) % S(b));
    case 'or': return a | b;
    case 'and': return a & b;
    case 'xor': return a ^ b;
    case 'mov': return b;
    case 'lsh': return U(a << (b & mask));
    case 'rsh': return a >> (b & mask);
    case 'arsh': return U(S(a) >> (b & mask));
    default: throw new Error(`reference: no ${op}`);
  }
}

function compare(op: string, a: bigint, b: bigint, bits: 32 | 64): boolean {
  const U = bits === 32 ? U32 : U64;
  const S = bits === 32 ? S32 : S64;
  switch (op) {
    case 'jeq': return U(a) === U(b);
    case 'jne': return U(a) !== U(b);
    case 'jgt': return U(a) > U(b);
    case 'jge': return U(a) >= U(b);
    case 'jlt': return U(a) < U(b);
    case 'jle': return U(a) <= U(b);
    case 'jsgt': return S(a) > S(b);
    case 'jsge': return S(a) >= S(b);
    case 'jslt': return S(a) < S(b);
    case 'jsle': return S(a) <= S(b);
    case 'jset': return (U(a) & U(b)) !== 0n;
    default: throw new Error(`reference: no ${op}`);
  }
}

/** Runs the program; returns r0..r10 as unsigned values and the executed instruction count. */
export function referenceRun(insns: readonly Insn[]): { regs: bigint[]; count: number } {
  const regs = new Array<bigint>(11).fill(0n);
  const pcs: number[] = [];
  let slot = 0;
  for (const i of insns) { pcs.push(slot); slot += i.hi === undefined ? 1 : 2; }
  let k = 0;
  let count = 0;
  for (;;) {
    const i = insns[k]!;
    const f = formOf(i)!;
    count++;
    const bits = f.is64 ? 64 : 32;
    const operand = f.reg ? regs[i.src]! : f.is64 ? U64(BigInt(i.imm)) : U32(BigInt(i.imm));
    let next = k + 1;
    switch (f.kind) {
      case 'alu': regs[i.dst] = alu(f.op, regs[i.dst]!, operand, bits); break;
      case 'neg': regs[i.dst] = f.is64 ? U64(-regs[i.dst]!) : U32(-regs[i.dst]!); break;
      case 'movsx': {
        const v = BigInt.asIntN(f.size * 8, regs[i.src]!);
        regs[i.dst] = f.is64 ? U64(v) : U32(v);
        break;
      }
      case 'end': {
        const width = f.size * 8;
        const low = BigInt.asUintN(width, regs[i.dst]!);
        regs[i.dst] = f.op === 'le' ? low : swap(low, f.size);
        break;
      }
      case 'lddw': regs[i.dst] = U64(imm64(i)); break;
      case 'ja': next = pcs.indexOf(pcs[k]! + 1 + i.off); break;
      case 'jcc': if (compare(f.op, regs[i.dst]!, operand, bits)) next = pcs.indexOf(pcs[k]! + 1 + i.off); break;
      case 'exit': return { regs, count };
      default: throw new Error(`reference: no ${f.kind}`);
    }
    k = next;
  }
}
