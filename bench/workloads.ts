/**
 * The benchmark workloads of ../shared/reference/vm-anchors.md §6, as raw bytecode with their
 * inputs, expected results and exact dynamic instruction counts (measured with uBPF's
 * per-instruction callback; LD_IMM64 counts once). Every engine's section runs these same programs.
 */
import { decode } from '../src/isa/codec.js';
import type { Insn } from '../src/isa/insn.js';

export interface Workload {
  readonly name: string;
  readonly description: string;
  readonly program: Insn[];
  /** Input memory (r1 = its address, r2 = its length), if any. */
  readonly mem?: Uint8Array;
  /** Times the program is run per measurement. */
  readonly runs: number;
  /** Dynamic instruction count of one run. */
  readonly insnsPerRun: number;
  readonly expected: bigint;
}

function hex(text: string): Uint8Array {
  return new Uint8Array(text.trim().split(/\s+/).map((b) => parseInt(b, 16)));
}

/** 10M iterations of a 7-instruction ALU64 body (mul, add, mov, rsh, xor, sub, jne). */
const ARITH = hex(`b7 00 00 00 00 00 00 00 18 03 00 00 2d 7f 95 4c 00 00 00 00 2d f4 51 58 b7 04 00 00 80 96 98 00
  2f 30 00 00 00 00 00 00 07 00 00 00 39 30 00 00 bf 05 00 00 00 00 00 00 77 05 00 00 0d 00 00 00
  af 50 00 00 00 00 00 00 17 04 00 00 01 00 00 00 55 04 f9 ff 00 00 00 00 95 00 00 00 00 00 00 00`);

/** Sums every byte of a 64 KiB buffer, 100 passes (ldxb / add / add / jne per byte). */
const MEMSUM = hex(`b7 00 00 00 00 00 00 00 b7 06 00 00 64 00 00 00 bf 13 00 00 00 00 00 00 bf 14 00 00 00 00 00 00
  07 04 00 00 00 00 01 00 71 35 00 00 00 00 00 00 0f 50 00 00 00 00 00 00 07 03 00 00 01 00 00 00
  5d 43 fc ff 00 00 00 00 17 06 00 00 01 00 00 00 55 06 f7 ff 00 00 00 00 95 00 00 00 00 00 00 00`);

/** uBPF's tests/tcp-port-80/tcp-port-80.asm (Apache-2.0): is this an IPv4 TCP packet to or from port 80? */
const FILTER = hex(`71 12 0c 00 00 00 00 00 71 13 0d 00 00 00 00 00 67 03 00 00 08 00 00 00 4f 23 00 00 00 00 00 00
  b7 00 00 00 00 00 00 00 55 03 0c 00 08 00 00 00 71 12 17 00 00 00 00 00 55 02 0a 00 06 00 00 00
  71 12 0e 00 00 00 00 00 07 01 00 00 0e 00 00 00 57 02 00 00 0f 00 00 00 67 02 00 00 02 00 00 00
  0f 21 00 00 00 00 00 00 69 12 02 00 00 00 00 00 15 02 02 00 00 50 00 00 69 11 00 00 00 00 00 00
  55 01 01 00 00 50 00 00 b7 00 00 00 01 00 00 00 95 00 00 00 00 00 00 00`);

/** The matching 100-byte packet of uBPF's tests/tcp-port-80/match.data (Apache-2.0). */
export const FILTER_PACKET = hex(`00 01 02 03 04 05 00 06 07 08 09 0a 08 00 45 00 00 56 00 01 00 00 40 06 f9 4d c0 a8 00 01 c0 a8
  00 02 27 10 00 50 00 00 00 00 00 00 00 00 50 02 20 00 c5 18 00 00 44 44 44 44 44 44 44 44 44 44
  44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44 44`);

/** The memsum input: byte i = ((i*131 + 7) ^ (i >> 8)) & 0xff. */
export function memsumInput(): Uint8Array {
  const mem = new Uint8Array(65536);
  for (let i = 0; i < mem.length; i++) mem[i] = ((i * 131 + 7) ^ (i >> 8)) & 0xff;
  return mem;
}

export function workloads(filterRuns = 1_000_000): Workload[] {
  return [
    { name: 'arith', description: 'ALU loop, 70M insns', program: decode(ARITH), runs: 1, insnsPerRun: 70_000_004, expected: 0x3b711c8f388b4e79n },
    { name: 'memsum', description: '64 KiB byte sum ×100', program: decode(MEMSUM), mem: memsumInput(), runs: 1, insnsPerRun: 26_214_903, expected: 0x31ce0000n },
    { name: 'filter', description: `tcp-port-80 ×${filterRuns / 1e6}M`, program: decode(FILTER), mem: FILTER_PACKET, runs: filterRuns, insnsPerRun: 17, expected: 1n },
  ];
}
