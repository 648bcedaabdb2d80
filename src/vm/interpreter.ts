/**
 * The checked eBPF interpreter (RFC 9669 semantics; docs/vm.md).
 *
 * Registers are int32 lo/hi pairs stored, together with the flat code of program.ts, in one
 * Int32Array; the dispatch loop allocates nothing and uses no BigInt except for rare wide divisions
 * and helper calls. Every load, store and atomic goes through the address space's page and region
 * tables.
 *
 * The machine is resumable: `exec(n)` runs at most n instructions and keeps pc, registers and call
 * frames in the object, so the instruction meter and the debugger's single-stepping are the same
 * counter and cost nothing extra.
 */
import { VmError, type VmErrorKind } from '../errors.js';
import type { Insn } from '../isa/insn.js';
import { type HelperContext, type HelperEntry, HelperTable } from './helpers.js';
import { bigIntToPair, mulhu, out, pairToBigInt, sar64, sdivmod64, shl64, shr64, udivmod64 } from './int64.js';
import { type AddressSpace, AddressSpace as AddressSpaceClass, Fault, PAGE_SIZE, type Region } from './memory.js';
import { type CompiledProgram, compile, type Imm64Resolver } from './program.js';

/** Bytes of stack per call frame (RFC 9669, Linux). */
export const STACK_FRAME_SIZE = 512;
/** Call frames, the outermost included (Linux MAX_CALL_FRAMES). */
export const MAX_CALL_FRAMES = 8;
export const DEFAULT_INSN_LIMIT = 1_000_000;

export interface VmOptions {
  /** Helper functions by id; a call to an id not in the table is rejected at load time. */
  helpers?: HelperTable;
  /** The address space to run in (regions for context, packet, maps…); a new one by default. */
  space?: AddressSpace;
  /** Instruction meter limit per run (default 1,000,000). */
  limit?: number;
  /** Resolves LD_IMM64 with src 1..6; without it such instructions are a load-time error. */
  resolveImm64?: Imm64Resolver;
  /** Region that LD_ABS / LD_IND read from (can also be set later through `vm.packet`). */
  packet?: Region;
  /** Highest CPU version accepted (default 4). */
  cpu?: 1 | 2 | 3 | 4;
}

export interface RunResult {
  /** r0 at the outermost exit, as an unsigned 64-bit value. */
  r0: bigint;
  /** Instructions executed (LD_IMM64 counts once), including the final exit. */
  insnCount: number;
}

/** r1..r5 at entry; numbers must be integers (taken mod 2^64 like the BigInts). */
export type EntryArgs = readonly (bigint | number)[];

const FRAME_WORDS = 9; // return pc, r6..r9 lo, r6..r9 hi

/** Word index of the code in the machine array (after 16 registers × lo, hi). */
const CODE = 32;

/** Why `exec` returned. */
const Status = { EXITED: 0, BUDGET: 1, RELOAD: 2 } as const;
/** Largest budget per `exec` call, so the loop counter stays a small integer in V8. */
const CHUNK = 1 << 30;

type Access = 'load' | 'store';

export class Vm {
  readonly program: CompiledProgram;
  readonly space: AddressSpace;
  readonly helpers: HelperTable;
  /** Instruction meter limit for `run`. */
  limit: number;
  /** Region for LD_ABS / LD_IND. */
  packet: Region | undefined;
  /** Stack regions by call depth; frame 0 has the highest addresses, deeper frames lie below. */
  readonly stackFrames: readonly Region[];

  /**
   * Registers and code in one Int32Array, so the dispatch loop touches a single typed array for
   * both (V8 re-checks each typed array's map and reloads its base in every case): words 0..31 are
   * r0..r15 as lo, hi pairs; the program's code (program.ts layout) starts at word `CODE`.
   */
  private readonly machine: Int32Array;
  /** The register words of `machine` as 16 float64 slots, only to clear them quickly. */
  private readonly registers64: Float64Array;

  // Machine state, public for the debugger (read-only by convention).
  pc = 0;
  /** Current call depth (0 = the entry function). */
  depth = 0;
  /** Instructions executed since `start`. */
  insnCount = 0;
  /** True once the program has exited (or before the first `start`). */
  finished = true;

  private readonly callStack = new Int32Array(MAX_CALL_FRAMES * FRAME_WORDS);
  private readonly frameTops: Int32Array;
  private readonly helperById: Map<number, HelperEntry>;
  private readonly ctx: CallContext;
  private viewBytes: Uint8Array | undefined;
  /** The whole linear memory as int32 words: page table, region table (vm base, length, host offset, flags). */
  private memoryWords: Int32Array<ArrayBufferLike> = new Int32Array(0);

  constructor(program: readonly Insn[] | CompiledProgram, options: VmOptions = {}) {
    this.helpers = options.helpers ?? new HelperTable();
    this.program = 'code' in program ? program : compile(program, { helpers: this.helpers, resolveImm64: options.resolveImm64, cpu: options.cpu });
    this.machine = new Int32Array(CODE + this.program.code.length);
    this.machine.set(this.program.code, CODE);
    this.registers64 = new Float64Array(this.machine.buffer, 0, 16);
    this.space = options.space ?? new AddressSpaceClass();
    this.limit = options.limit ?? DEFAULT_INSN_LIMIT;
    this.packet = options.packet;
    // Map the deepest frame first so that each callee's stack lies below its caller's.
    const frames: Region[] = [];
    for (let depth = MAX_CALL_FRAMES - 1; depth >= 0; depth--) {
      frames[depth] = this.space.map(`stack${depth}`, STACK_FRAME_SIZE, { writable: true });
    }
    this.stackFrames = frames;
    this.frameTops = Int32Array.from(frames, (r) => (r.vmAddr + STACK_FRAME_SIZE) | 0);
    this.helperById = new Map(this.helpers.entries().map((e) => [e.id, e]));
    this.ctx = new CallContext(this.space);
  }

  /** Runs the program from the start; throws `VmError` on a fault or when the meter runs out. */
  run(args: EntryArgs = []): RunResult {
    this.start(args);
    if (!this.drive(this.limit)) throw this.limitError();
    return { r0: this.r0(), insnCount: this.insnCount };
  }

  /**
   * Like `run`, but returns only the low 32 bits of r0 as an unsigned number — no BigInt and no
   * allocation per run. For callers that need a 32-bit verdict per packet (socket filters, XDP
   * actions, seccomp); `insnCount` is still available on the machine.
   */
  runU32(args: EntryArgs = []): number {
    this.start(args);
    if (!this.drive(this.limit)) throw this.limitError();
    return this.machine[0]! >>> 0;
  }

  /** Resets the machine for a new run: r1..r5 from `args`, r10 at the top of frame 0, pc 0. */
  start(args: EntryArgs = []): void {
    const M = this.machine;
    // Zero r0..r9 eight bytes at a time (TypedArray#fill is a slow call for so few).
    const R = this.registers64;
    for (let r = 0; r < 10; r++) R[r] = 0;
    for (let i = 0; i < args.length && i < 5; i++) {
      const v = args[i]!;
      const w = 2 * (i + 1);
      if (typeof v === 'number' && ((v | 0) === v || (v >>> 0) === v)) {
        M[w] = v; // no BigInt for the common case of a 32-bit pointer or length
        M[w + 1] = v < 0 ? -1 : 0;
      } else {
        bigIntToPair(BigInt(v));
        M[w] = out.lo;
        M[w + 1] = out.hi;
      }
    }
    M[20] = this.frameTops[0]!; // r10
    M[21] = 0;
    this.pc = 0;
    this.depth = 0;
    this.insnCount = 0;
    this.finished = false;
  }

  /**
   * Debugger entry: executes up to `n` more instructions (within the meter limit). Returns true
   * when the program has exited; throws `VmError` on a fault or when the meter runs out.
   */
  step(n = 1): boolean {
    if (this.finished) return true;
    const left = this.limit - this.insnCount;
    if (left <= 0) throw this.limitError();
    return this.drive(Math.min(n, left));
  }

  /**
   * Runs up to `budget` instructions through `exec`, in chunks that keep the loop counter a small
   * integer, re-entering when a helper changed the memory views. True when the program exited.
   */
  private drive(budget: number): boolean {
    let left = budget;
    for (;;) {
      const before = this.insnCount;
      const status = this.exec(Math.min(left, CHUNK));
      left -= this.insnCount - before;
      if (status === Status.EXITED) return true;
      if (left <= 0) return false;
    }
  }

  /** Typed-array views of the address space, rebuilt when its memory has grown. */
  private views(): void {
    // `space.bytes` is replaced whenever the memory grows (WebAssembly.Memory#buffer is a slow getter).
    const bytes = this.space.bytes;
    if (bytes === this.viewBytes) return;
    this.viewBytes = bytes;
    this.memoryWords = new Int32Array(bytes.buffer);
  }

  /** r0 as an unsigned 64-bit value. */
  r0(): bigint {
    return pairToBigInt(this.machine[0]!, this.machine[1]!);
  }

  /** Register r`n` as an unsigned 64-bit value. */
  register(n: number): bigint {
    if (!Number.isInteger(n) || n < 0 || n > 10) throw new RangeError(`no register r${n}`);
    return pairToBigInt(this.machine[2 * n]!, this.machine[2 * n + 1]!);
  }

  private limitError(): VmError {
    return new VmError('instruction-limit', `instruction limit of ${this.limit} reached`, this.pc);
  }

  /**
   * The dispatch loop. Runs at most `budget` (< 2^30) instructions and returns a `Status`; pc,
   * registers and the instruction count are saved in the object whenever it returns or throws.
   */
  private exec(budget: number): number {
    this.views();
    const M = this.machine; // registers and code in one array: one map check and base load per case
    const space = this.space;
    const W = this.memoryWords, dv = space.view, mem = space.bytes;
    let pc = this.pc;
    let n = budget;
    for (;;) {
      if (n === 0) {
        this.pc = pc;
        this.insnCount += budget;
        return Status.BUDGET;
      }
      n--;
      const cur = pc;
      const p = 32 + (cur << 2); // CODE + cur × WORDS_PER_SLOT (literals: constants are not folded)
      const w = M[p]!;
      const d = (w >>> 7) & 30; // 2 × dst: index of its low word
      const s = (w >>> 11) & 30; // 2 × src
      pc = cur + 1;
      switch (w & 255) {
        // ---- 32-bit ALU, immediate operand: result zero-extended ---------------------------------
        case 0: /* ADD32_K */ M[d] = M[d]! + M[p + 2]!; M[d + 1] = 0; break;
        case 1: /* SUB32_K */ M[d] = M[d]! - M[p + 2]!; M[d + 1] = 0; break;
        case 2: /* MUL32_K */ M[d] = Math.imul(M[d]!, M[p + 2]!); M[d + 1] = 0; break;
        case 3: /* DIV32_K */ { const b = M[p + 2]! >>> 0; M[d] = b === 0 ? 0 : ((M[d]! >>> 0) / b) | 0; M[d + 1] = 0; break; }
        case 4: /* SDIV32_K */ { const b = M[p + 2]!; M[d] = b === 0 ? 0 : (M[d]! / b) | 0; M[d + 1] = 0; break; }
        case 5: /* OR32_K */ M[d] = M[d]! | M[p + 2]!; M[d + 1] = 0; break;
        case 6: /* AND32_K */ M[d] = M[d]! & M[p + 2]!; M[d + 1] = 0; break;
        case 7: /* LSH32_K */ M[d] = M[d]! << M[p + 2]!; M[d + 1] = 0; break;
        case 8: /* RSH32_K */ M[d] = M[d]! >>> M[p + 2]!; M[d + 1] = 0; break;
        case 9: /* MOD32_K */ { const b = M[p + 2]! >>> 0; M[d] = b === 0 ? M[d]! : (M[d]! >>> 0) % b; M[d + 1] = 0; break; }
        case 10: /* SMOD32_K */ { const b = M[p + 2]!; M[d] = b === 0 ? M[d]! : M[d]! % b; M[d + 1] = 0; break; }
        case 11: /* XOR32_K */ M[d] = M[d]! ^ M[p + 2]!; M[d + 1] = 0; break;
        case 12: /* MOV32_K */ M[d] = M[p + 2]!; M[d + 1] = 0; break;
        case 13: /* ARSH32_K */ M[d] = M[d]! >> M[p + 2]!; M[d + 1] = 0; break;

        // ---- 32-bit ALU, register operand -------------------------------------------------------
        case 14: /* ADD32_X */ M[d] = M[d]! + M[s]!; M[d + 1] = 0; break;
        case 15: /* SUB32_X */ M[d] = M[d]! - M[s]!; M[d + 1] = 0; break;
        case 16: /* MUL32_X */ M[d] = Math.imul(M[d]!, M[s]!); M[d + 1] = 0; break;
        case 17: /* DIV32_X */ { const b = M[s]! >>> 0; M[d] = b === 0 ? 0 : ((M[d]! >>> 0) / b) | 0; M[d + 1] = 0; break; }
        case 18: /* SDIV32_X */ { const b = M[s]!; M[d] = b === 0 ? 0 : (M[d]! / b) | 0; M[d + 1] = 0; break; }
        case 19: /* OR32_X */ M[d] = M[d]! | M[s]!; M[d + 1] = 0; break;
        case 20: /* AND32_X */ M[d] = M[d]! & M[s]!; M[d + 1] = 0; break;
        case 21: /* LSH32_X */ M[d] = M[d]! << M[s]!; M[d + 1] = 0; break;
        case 22: /* RSH32_X */ M[d] = M[d]! >>> M[s]!; M[d + 1] = 0; break;
        case 23: /* MOD32_X */ { const b = M[s]! >>> 0; M[d] = b === 0 ? M[d]! : (M[d]! >>> 0) % b; M[d + 1] = 0; break; }
        case 24: /* SMOD32_X */ { const b = M[s]!; M[d] = b === 0 ? M[d]! : M[d]! % b; M[d + 1] = 0; break; }
        case 25: /* XOR32_X */ M[d] = M[d]! ^ M[s]!; M[d + 1] = 0; break;
        case 26: /* MOV32_X */ M[d] = M[s]!; M[d + 1] = 0; break;
        case 27: /* ARSH32_X */ M[d] = M[d]! >> M[s]!; M[d + 1] = 0; break;

        // ---- 64-bit ALU, immediate operand (sign-extended: hi word in M[p + 3]) ---------------
        case 28: /* ADD64_K */ {
          const a = M[d]!, sum = (a + M[p + 2]!) | 0;
          M[d + 1] = M[d + 1]! + M[p + 3]! + ((sum >>> 0) < (a >>> 0) ? 1 : 0); M[d] = sum; break;
        }
        case 29: /* SUB64_K */ {
          const a = M[d]!, b = M[p + 2]!;
          M[d] = a - b; M[d + 1] = M[d + 1]! - M[p + 3]! - ((a >>> 0) < (b >>> 0) ? 1 : 0); break;
        }
        case 30: /* MUL64_K */ {
          const al = M[d]!, bl = M[p + 2]!;
          M[d + 1] = mulhu(al >>> 0, bl >>> 0) + Math.imul(al, M[p + 3]!) + Math.imul(M[d + 1]!, bl);
          M[d] = Math.imul(al, bl); break;
        }
        case 31: /* DIV64_K */ udivmod64(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!, false); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 32: /* SDIV64_K */ sdivmod64(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!, false); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 33: /* OR64_K */ M[d] = M[d]! | M[p + 2]!; M[d + 1] = M[d + 1]! | M[p + 3]!; break;
        case 34: /* AND64_K */ M[d] = M[d]! & M[p + 2]!; M[d + 1] = M[d + 1]! & M[p + 3]!; break;
        case 35: /* LSH64_K */ shl64(M[d]!, M[d + 1]!, M[p + 2]! & 63); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 36: /* RSH64_K */ shr64(M[d]!, M[d + 1]!, M[p + 2]! & 63); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 37: /* MOD64_K */ udivmod64(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!, true); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 38: /* SMOD64_K */ sdivmod64(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!, true); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 39: /* XOR64_K */ M[d] = M[d]! ^ M[p + 2]!; M[d + 1] = M[d + 1]! ^ M[p + 3]!; break;
        case 40: /* MOV64_K */ M[d] = M[p + 2]!; M[d + 1] = M[p + 3]!; break;
        case 41: /* ARSH64_K */ sar64(M[d]!, M[d + 1]!, M[p + 2]! & 63); M[d] = out.lo; M[d + 1] = out.hi; break;

        // ---- 64-bit ALU, register operand -------------------------------------------------------
        case 42: /* ADD64_X */ {
          const a = M[d]!, sum = (a + M[s]!) | 0;
          M[d + 1] = M[d + 1]! + M[s + 1]! + ((sum >>> 0) < (a >>> 0) ? 1 : 0); M[d] = sum; break;
        }
        case 43: /* SUB64_X */ {
          const a = M[d]!, b = M[s]!;
          M[d + 1] = M[d + 1]! - M[s + 1]! - ((a >>> 0) < (b >>> 0) ? 1 : 0); M[d] = a - b; break;
        }
        case 44: /* MUL64_X */ {
          const al = M[d]!, bl = M[s]!;
          M[d + 1] = mulhu(al >>> 0, bl >>> 0) + Math.imul(al, M[s + 1]!) + Math.imul(M[d + 1]!, bl);
          M[d] = Math.imul(al, bl); break;
        }
        case 45: /* DIV64_X */ udivmod64(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!, false); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 46: /* SDIV64_X */ sdivmod64(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!, false); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 47: /* OR64_X */ M[d] = M[d]! | M[s]!; M[d + 1] = M[d + 1]! | M[s + 1]!; break;
        case 48: /* AND64_X */ M[d] = M[d]! & M[s]!; M[d + 1] = M[d + 1]! & M[s + 1]!; break;
        case 49: /* LSH64_X */ shl64(M[d]!, M[d + 1]!, M[s]! & 63); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 50: /* RSH64_X */ shr64(M[d]!, M[d + 1]!, M[s]! & 63); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 51: /* MOD64_X */ udivmod64(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!, true); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 52: /* SMOD64_X */ sdivmod64(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!, true); M[d] = out.lo; M[d + 1] = out.hi; break;
        case 53: /* XOR64_X */ M[d] = M[d]! ^ M[s]!; M[d + 1] = M[d + 1]! ^ M[s + 1]!; break;
        case 54: /* MOV64_X */ M[d] = M[s]!; M[d + 1] = M[s + 1]!; break;
        case 55: /* ARSH64_X */ sar64(M[d]!, M[d + 1]!, M[s]! & 63); M[d] = out.lo; M[d + 1] = out.hi; break;

        // ---- Unary, sign extension, byte order ---------------------------------------------------
        case 56: /* NEG32 */ M[d] = -M[d]!; M[d + 1] = 0; break;
        case 57: /* NEG64 */ {
          const a = M[d]!;
          M[d] = -a; M[d + 1] = ~M[d + 1]! + (a === 0 ? 1 : 0); break;
        }
        case 58: /* MOVSX8_32 */ M[d] = (M[s]! << 24) >> 24; M[d + 1] = 0; break;
        case 59: /* MOVSX16_32 */ M[d] = (M[s]! << 16) >> 16; M[d + 1] = 0; break;
        case 60: /* MOVSX8_64 */ { const v = (M[s]! << 24) >> 24; M[d] = v; M[d + 1] = v >> 31; break; }
        case 61: /* MOVSX16_64 */ { const v = (M[s]! << 16) >> 16; M[d] = v; M[d + 1] = v >> 31; break; }
        case 62: /* MOVSX32_64 */ { const v = M[s]!; M[d] = v; M[d + 1] = v >> 31; break; }
        case 63: /* LE16 */ M[d] = M[d]! & 0xffff; M[d + 1] = 0; break;
        case 64: /* LE32 */ M[d + 1] = 0; break;
        case 65: /* LE64 */ break;
        case 66: /* BSWAP16 */ { const v = M[d]!; M[d] = ((v & 0xff) << 8) | ((v >>> 8) & 0xff); M[d + 1] = 0; break; }
        case 67: /* BSWAP32 */ M[d] = bswap32(M[d]!); M[d + 1] = 0; break;
        case 68: /* BSWAP64 */ { const v = M[d]!; M[d] = bswap32(M[d + 1]!); M[d + 1] = bswap32(v); break; }

        case 69: /* LDDW */ M[d] = M[p + 2]!; M[d + 1] = M[p + 3]!; pc = cur + 2; break;

        // ---- Loads: address = src + off ----------------------------------------------------------
        case 70: /* LDXB */ { const h = this.hostOf(W, M[s]!, M[s + 1]!, M[p + 1]!, 1, false, cur, budget - n); M[d] = mem[h]!; M[d + 1] = 0; break; }
        case 71: /* LDXH */ { const h = this.hostOf(W, M[s]!, M[s + 1]!, M[p + 1]!, 2, false, cur, budget - n); M[d] = dv.getUint16(h, true); M[d + 1] = 0; break; }
        case 72: /* LDXW */ { const h = this.hostOf(W, M[s]!, M[s + 1]!, M[p + 1]!, 4, false, cur, budget - n); M[d] = dv.getInt32(h, true); M[d + 1] = 0; break; }
        case 73: /* LDXDW */ { const h = this.hostOf(W, M[s]!, M[s + 1]!, M[p + 1]!, 8, false, cur, budget - n); M[d] = dv.getInt32(h, true); M[d + 1] = dv.getInt32(h + 4, true); break; }
        case 74: /* LDXSB */ { const h = this.hostOf(W, M[s]!, M[s + 1]!, M[p + 1]!, 1, false, cur, budget - n); const v = dv.getInt8(h); M[d] = v; M[d + 1] = v >> 31; break; }
        case 75: /* LDXSH */ { const h = this.hostOf(W, M[s]!, M[s + 1]!, M[p + 1]!, 2, false, cur, budget - n); const v = dv.getInt16(h, true); M[d] = v; M[d + 1] = v >> 31; break; }
        case 76: /* LDXSW */ { const h = this.hostOf(W, M[s]!, M[s + 1]!, M[p + 1]!, 4, false, cur, budget - n); const v = dv.getInt32(h, true); M[d] = v; M[d + 1] = v >> 31; break; }

        // ---- Stores: address = dst + off ---------------------------------------------------------
        case 77: /* STB */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 1, true, cur, budget - n); mem[h] = M[p + 2]!; break; }
        case 78: /* STH */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 2, true, cur, budget - n); dv.setInt16(h, M[p + 2]!, true); break; }
        case 79: /* STW */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 4, true, cur, budget - n); dv.setInt32(h, M[p + 2]!, true); break; }
        case 80: /* STDW */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 8, true, cur, budget - n); dv.setInt32(h, M[p + 2]!, true); dv.setInt32(h + 4, M[p + 3]!, true); break; }
        case 81: /* STXB */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 1, true, cur, budget - n); mem[h] = M[s]!; break; }
        case 82: /* STXH */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 2, true, cur, budget - n); dv.setInt16(h, M[s]!, true); break; }
        case 83: /* STXW */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 4, true, cur, budget - n); dv.setInt32(h, M[s]!, true); break; }
        case 84: /* STXDW */ { const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 8, true, cur, budget - n); dv.setInt32(h, M[s]!, true); dv.setInt32(h + 4, M[s + 1]!, true); break; }

        // ---- Atomics (single-threaded: a checked read-modify-write) ------------------------------
        case 85: /* ATOMIC32_ADD */ case 86: /* ATOMIC32_OR */ case 87: /* ATOMIC32_AND */ case 88: /* ATOMIC32_XOR */
        case 89: /* ATOMIC32_FETCH_ADD */ case 90: /* ATOMIC32_FETCH_OR */ case 91: /* ATOMIC32_FETCH_AND */
        case 92: /* ATOMIC32_FETCH_XOR */ case 93: /* ATOMIC32_XCHG */ case 94: /* ATOMIC32_CMPXCHG */ {
          const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 4, true, cur, budget - n);
          atomic32((w & 255) - 85, dv, h, M, s);
          break;
        }
        case 95: /* ATOMIC64_ADD */ case 96: /* ATOMIC64_OR */ case 97: /* ATOMIC64_AND */ case 98: /* ATOMIC64_XOR */
        case 99: /* ATOMIC64_FETCH_ADD */ case 100: /* ATOMIC64_FETCH_OR */ case 101: /* ATOMIC64_FETCH_AND */
        case 102: /* ATOMIC64_FETCH_XOR */ case 103: /* ATOMIC64_XCHG */ case 104: /* ATOMIC64_CMPXCHG */ {
          const h = this.hostOf(W, M[d]!, M[d + 1]!, M[p + 1]!, 8, true, cur, budget - n);
          atomic64((w & 255) - 95, dv, h, M, s);
          break;
        }

        // ---- Legacy packet loads: r0 = ntoh(packet[imm (+ src)]); out of bounds ends the program
        // with r0 = 0, as in the kernel.
        case 105: /* LDABSB */ case 106: /* LDABSH */ case 107: /* LDABSW */
        case 108: /* LDINDB */ case 109: /* LDINDH */ case 110: /* LDINDW */ {
          const op = (w & 255) - 105;
          const size = 1 << (op % 3);
          const offset = op >= 3 ? (M[s]! + M[p + 2]!) | 0 : M[p + 2]!;
          const h = this.packetOffset(offset, size, cur);
          if (h < 0) {
            M[0] = 0; M[1] = 0;
            this.finish(pc, budget - n);
            return Status.EXITED;
          }
          M[0] = size === 1 ? mem[h]! : size === 2 ? dv.getUint16(h, false) : dv.getInt32(h, false);
          M[1] = 0;
          break;
        }

        // ---- Jumps: M[p + 1] is the absolute target slot --------------------------------------
        case 111: /* JA */ pc = M[p + 1]!; break;
        case 112: /* JEQ64_K */ if (M[d] === M[p + 2] && M[d + 1] === M[p + 3]) pc = M[p + 1]!; break;
        case 113: /* JGT64_K */ if (gtu(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!)) pc = M[p + 1]!; break;
        case 114: /* JGE64_K */ if (!gtu(M[p + 2]!, M[p + 3]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 115: /* JSET64_K */ if ((M[d]! & M[p + 2]!) !== 0 || (M[d + 1]! & M[p + 3]!) !== 0) pc = M[p + 1]!; break;
        case 116: /* JNE64_K */ if (M[d] !== M[p + 2] || M[d + 1] !== M[p + 3]) pc = M[p + 1]!; break;
        case 117: /* JSGT64_K */ if (gts(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!)) pc = M[p + 1]!; break;
        case 118: /* JSGE64_K */ if (!gts(M[p + 2]!, M[p + 3]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 119: /* JLT64_K */ if (gtu(M[p + 2]!, M[p + 3]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 120: /* JLE64_K */ if (!gtu(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!)) pc = M[p + 1]!; break;
        case 121: /* JSLT64_K */ if (gts(M[p + 2]!, M[p + 3]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 122: /* JSLE64_K */ if (!gts(M[d]!, M[d + 1]!, M[p + 2]!, M[p + 3]!)) pc = M[p + 1]!; break;
        case 123: /* JEQ64_X */ if (M[d] === M[s] && M[d + 1] === M[s + 1]) pc = M[p + 1]!; break;
        case 124: /* JGT64_X */ if (gtu(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!)) pc = M[p + 1]!; break;
        case 125: /* JGE64_X */ if (!gtu(M[s]!, M[s + 1]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 126: /* JSET64_X */ if ((M[d]! & M[s]!) !== 0 || (M[d + 1]! & M[s + 1]!) !== 0) pc = M[p + 1]!; break;
        case 127: /* JNE64_X */ if (M[d] !== M[s] || M[d + 1] !== M[s + 1]) pc = M[p + 1]!; break;
        case 128: /* JSGT64_X */ if (gts(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!)) pc = M[p + 1]!; break;
        case 129: /* JSGE64_X */ if (!gts(M[s]!, M[s + 1]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 130: /* JLT64_X */ if (gtu(M[s]!, M[s + 1]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 131: /* JLE64_X */ if (!gtu(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!)) pc = M[p + 1]!; break;
        case 132: /* JSLT64_X */ if (gts(M[s]!, M[s + 1]!, M[d]!, M[d + 1]!)) pc = M[p + 1]!; break;
        case 133: /* JSLE64_X */ if (!gts(M[d]!, M[d + 1]!, M[s]!, M[s + 1]!)) pc = M[p + 1]!; break;
        case 134: /* JEQ32_K */ if (M[d] === M[p + 2]) pc = M[p + 1]!; break;
        case 135: /* JGT32_K */ if ((M[d]! >>> 0) > (M[p + 2]! >>> 0)) pc = M[p + 1]!; break;
        case 136: /* JGE32_K */ if ((M[d]! >>> 0) >= (M[p + 2]! >>> 0)) pc = M[p + 1]!; break;
        case 137: /* JSET32_K */ if ((M[d]! & M[p + 2]!) !== 0) pc = M[p + 1]!; break;
        case 138: /* JNE32_K */ if (M[d] !== M[p + 2]) pc = M[p + 1]!; break;
        case 139: /* JSGT32_K */ if (M[d]! > M[p + 2]!) pc = M[p + 1]!; break;
        case 140: /* JSGE32_K */ if (M[d]! >= M[p + 2]!) pc = M[p + 1]!; break;
        case 141: /* JLT32_K */ if ((M[d]! >>> 0) < (M[p + 2]! >>> 0)) pc = M[p + 1]!; break;
        case 142: /* JLE32_K */ if ((M[d]! >>> 0) <= (M[p + 2]! >>> 0)) pc = M[p + 1]!; break;
        case 143: /* JSLT32_K */ if (M[d]! < M[p + 2]!) pc = M[p + 1]!; break;
        case 144: /* JSLE32_K */ if (M[d]! <= M[p + 2]!) pc = M[p + 1]!; break;
        case 145: /* JEQ32_X */ if (M[d] === M[s]) pc = M[p + 1]!; break;
        case 146: /* JGT32_X */ if ((M[d]! >>> 0) > (M[s]! >>> 0)) pc = M[p + 1]!; break;
        case 147: /* JGE32_X */ if ((M[d]! >>> 0) >= (M[s]! >>> 0)) pc = M[p + 1]!; break;
        case 148: /* JSET32_X */ if ((M[d]! & M[s]!) !== 0) pc = M[p + 1]!; break;
        case 149: /* JNE32_X */ if (M[d] !== M[s]) pc = M[p + 1]!; break;
        case 150: /* JSGT32_X */ if (M[d]! > M[s]!) pc = M[p + 1]!; break;
        case 151: /* JSGE32_X */ if (M[d]! >= M[s]!) pc = M[p + 1]!; break;
        case 152: /* JLT32_X */ if ((M[d]! >>> 0) < (M[s]! >>> 0)) pc = M[p + 1]!; break;
        case 153: /* JLE32_X */ if ((M[d]! >>> 0) <= (M[s]! >>> 0)) pc = M[p + 1]!; break;
        case 154: /* JSLT32_X */ if (M[d]! < M[s]!) pc = M[p + 1]!; break;
        case 155: /* JSLE32_X */ if (M[d]! <= M[s]!) pc = M[p + 1]!; break;

        // ---- Calls and exit ----------------------------------------------------------------------
        case 156: /* CALL */ case 158: /* CALLX */ {
          const id = (w & 255) === 156 ? M[p + 2]! : M[d]!;
          if (this.callHelper(id, cur, budget - n)) {
            this.finish(pc, budget - n);
            return Status.EXITED;
          }
          if (space.bytes !== mem) { // the helper grew the address space: re-enter with new views
            this.pc = pc; this.insnCount += budget - n;
            return Status.RELOAD;
          }
          break;
        }
        case 157: /* CALL_LOCAL */ {
          const depth = this.depth;
          if (depth + 1 >= MAX_CALL_FRAMES) {
            this.pc = cur; this.insnCount += budget - n;
            throw new VmError('call-depth', `call depth exceeds ${MAX_CALL_FRAMES} frames`, cur);
          }
          const f = depth * FRAME_WORDS, cs = this.callStack;
          cs[f] = pc;
          cs[f + 1] = M[12]!; cs[f + 2] = M[14]!; cs[f + 3] = M[16]!; cs[f + 4] = M[18]!;
          cs[f + 5] = M[13]!; cs[f + 6] = M[15]!; cs[f + 7] = M[17]!; cs[f + 8] = M[19]!;
          this.depth = depth + 1;
          M[20] = this.frameTops[depth + 1]!; M[21] = 0;
          pc = M[p + 1]!;
          break;
        }
        case 159: /* EXIT */ {
          const depth = this.depth;
          if (depth === 0) {
            this.finish(pc, budget - n);
            return Status.EXITED;
          }
          const f = (depth - 1) * FRAME_WORDS, cs = this.callStack;
          pc = cs[f]!;
          M[12] = cs[f + 1]!; M[14] = cs[f + 2]!; M[16] = cs[f + 3]!; M[18] = cs[f + 4]!;
          M[13] = cs[f + 5]!; M[15] = cs[f + 6]!; M[17] = cs[f + 7]!; M[19] = cs[f + 8]!;
          this.depth = depth - 1;
          M[20] = this.frameTops[depth - 1]!; M[21] = 0;
          break;
        }
        default: /* FELL_OFF (the sentinel after the last slot) */
          this.pc = cur; this.insnCount += budget - n;
          throw new VmError('bad-jump', 'execution ran past the last instruction', cur);
      }
    }
  }

  private finish(pc: number, executed: number): void {
    this.pc = pc;
    this.insnCount += executed;
    this.finished = true;
  }

  /**
   * Checks an access of `size` bytes at base + off (64-bit, wrapping) and returns its offset in
   * linear memory. The fast path is one page-table read and one compare against the region end.
   */
  private hostOf(W: Int32Array, baseLo: number, baseHi: number, off: number, size: number, write: boolean, pc: number, executed: number): number {
    // Low word of the effective address; the fast path needs the high word 0 and no carry/borrow.
    const a = (baseLo + off) | 0;
    if (baseHi === 0 && (off >= 0 ? (a >>> 0) >= (baseLo >>> 0) : (a >>> 0) < (baseLo >>> 0))) {
      // Page table (u16 per page at byte 0) and region table (4 words per region at byte
      // REGION_TABLE_OFFSET = word 32768) read through one int32 view of the whole memory.
      const page = a >>> 16;
      const e = 32768 + (((W[page >>> 1]! >>> ((page & 1) << 4)) & 0xffff) << 2);
      // In-region offsets are below 2^31, so int32 arithmetic is exact; region 0 has length 0.
      const o = (a - W[e]!) | 0;
      if (o >= 0 && o + size <= W[e + 1]! && (!write || (W[e + 3]! & 1) !== 0)) return W[e + 2]! + o;
    }
    return this.hostOfSlow(baseLo, baseHi, off, size, write, pc, executed);
  }

  /** Wrapped 64-bit addresses whose high word still ends up 0, and every fault. */
  private hostOfSlow(baseLo: number, baseHi: number, off: number, size: number, write: boolean, pc: number, executed: number): number {
    const address = BigInt.asUintN(64, pairToBigInt(baseLo, baseHi) + BigInt(off));
    if (address <= 0xffffffffn) {
      const host = this.space.translate(Number(address), size, write);
      if (host >= 0) return host;
    }
    throw this.memoryFault(baseLo, baseHi, off, size, write ? 'store' : 'load', pc, executed);
  }

  private memoryFault(baseLo: number, baseHi: number, off: number, size: number, access: Access, pc: number, executed: number): VmError {
    this.pc = pc;
    this.insnCount += executed;
    const address = BigInt.asUintN(64, pairToBigInt(baseLo, baseHi) + BigInt(off));
    const what = `${size}-byte ${access} at 0x${address.toString(16)}`;
    if (address > 0xffffffffn) return new VmError('out-of-bounds', `${what}: address is outside the 32-bit VM address space`, pc, address, size);
    const a = Number(address);
    const region = this.space.regionAt(a);
    if (!region) {
      return a < PAGE_SIZE
        ? new VmError('null', `${what}: null pointer dereference`, pc, address, size)
        : new VmError('out-of-bounds', `${what}: no region is mapped there`, pc, address, size);
    }
    const length = this.space.lengthOf(region);
    const offset = a - region.vmAddr;
    if (offset + size > length) {
      return new VmError('out-of-bounds', `${what}: outside ${region.name} (offset ${offset}, length ${length})`, pc, address, size);
    }
    return new VmError('read-only', `${what}: ${region.name} is read-only`, pc, address, size);
  }

  /** Linear-memory offset of packet bytes [offset, offset + size), or -1 if outside the packet. */
  private packetOffset(offset: number, size: number, pc: number): number {
    const packet = this.packet;
    if (!packet) throw new VmError('out-of-bounds', 'ld_abs/ld_ind: no packet region is attached to this run', pc);
    if (offset < 0 || offset + size > this.space.lengthOf(packet)) return -1;
    return packet.hostOffset + offset;
  }

  /** Calls helper `id`; returns true if the program must stop now (uBPF unwind). */
  private callHelper(id: number, pc: number, executed: number): boolean {
    const entry = this.helperById.get(id);
    if (!entry) {
      this.pc = pc; this.insnCount += executed;
      throw new VmError('unknown-helper', `call to unknown helper ${id}`, pc);
    }
    const M = this.machine;
    const ctx = this.ctx;
    ctx.pc = pc;
    let result: bigint;
    try {
      result = entry.fn(ctx,
        pairToBigInt(M[2]!, M[3]!), pairToBigInt(M[4]!, M[5]!), pairToBigInt(M[6]!, M[7]!),
        pairToBigInt(M[8]!, M[9]!), pairToBigInt(M[10]!, M[11]!));
    } catch (e) {
      this.pc = pc; this.insnCount += executed;
      if (e instanceof VmError) throw e;
      throw new VmError('helper-error', `helper ${entry.name} (${id}) failed: ${e instanceof Error ? e.message : String(e)}`, pc);
    }
    if (typeof result !== 'bigint') {
      this.pc = pc; this.insnCount += executed;
      throw new VmError('helper-error', `helper ${entry.name} (${id}) returned ${typeof result}, not a bigint`, pc);
    }
    bigIntToPair(result);
    M[0] = out.lo;
    M[1] = out.hi;
    return entry.unwindOnZero && out.lo === 0 && out.hi === 0;
  }
}

/** a > b as unsigned 64-bit values. */
function gtu(al: number, ah: number, bl: number, bh: number): boolean {
  return ah === bh ? (al >>> 0) > (bl >>> 0) : (ah >>> 0) > (bh >>> 0);
}

/** a > b as signed 64-bit values. */
function gts(al: number, ah: number, bl: number, bh: number): boolean {
  return ah === bh ? (al >>> 0) > (bl >>> 0) : ah > bh;
}

function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/**
 * 32-bit atomic `op` (0..9 in ops.ts order: add, or, and, xor, fetch_add, fetch_or, fetch_and,
 * fetch_xor, xchg, cmpxchg) on the word at linear offset h; `s` is the src register's word index
 * in the machine array M (r0 is words 0, 1).
 */
function atomic32(op: number, dv: DataView, h: number, M: Int32Array, s: number): void {
  const old = dv.getInt32(h, true);
  const v = M[s]!;
  if (op === 9) { // cmpxchg: compare with the low 32 bits of r0, old value to r0
    if (old === M[0]) dv.setInt32(h, v, true);
    M[0] = old; M[1] = 0;
    return;
  }
  const base = op & 3;
  const next = op === 8 ? v : base === 0 ? old + v : base === 1 ? old | v : base === 2 ? old & v : old ^ v;
  dv.setInt32(h, next, true);
  if (op >= 4) { M[s] = old; M[s + 1] = 0; }
}

/** 64-bit atomic `op`, same numbering as `atomic32`. */
function atomic64(op: number, dv: DataView, h: number, M: Int32Array, s: number): void {
  const ol = dv.getInt32(h, true), oh = dv.getInt32(h + 4, true);
  const vl = M[s]!, vh = M[s + 1]!;
  if (op === 9) {
    if (ol === M[0] && oh === M[1]) { dv.setInt32(h, vl, true); dv.setInt32(h + 4, vh, true); }
    M[0] = ol; M[1] = oh;
    return;
  }
  const base = op & 3;
  let nl: number, nh: number;
  if (op === 8) { nl = vl; nh = vh; } else if (base === 0) {
    const sum = (ol >>> 0) + (vl >>> 0);
    nl = sum | 0; nh = (oh + vh + (sum > 4294967295 ? 1 : 0)) | 0;
  } else if (base === 1) { nl = ol | vl; nh = oh | vh; } else if (base === 2) { nl = ol & vl; nh = oh & vh; } else { nl = ol ^ vl; nh = oh ^ vh; }
  dv.setInt32(h, nl, true); dv.setInt32(h + 4, nh, true);
  if (op >= 4) { M[s] = ol; M[s + 1] = oh; }
}

/** The `HelperContext` given to helpers: checked access to the address space at the calling pc. */
class CallContext implements HelperContext {
  readonly space: AddressSpace;
  pc = 0;
  constructor(space: AddressSpace) {
    this.space = space;
  }

  hostOffset(addr: bigint, size: number, write: boolean): number {
    const a = BigInt.asUintN(64, addr);
    const host = a > 0xffffffffn ? -1 : this.space.translate(Number(a), size, write);
    return host >= 0 ? host : this.accessFault(a, size, write, host);
  }

  /** The fault of a helper's access that `translate` refused (the message is built only here). */
  private accessFault(a: bigint, size: number, write: boolean, host: number): never {
    const what = `helper ${write ? 'write' : 'read'} of ${size} bytes at 0x${a.toString(16)}`;
    if (a > 0xffffffffn) this.fault('out-of-bounds', `${what}: outside the 32-bit VM address space`, a, size);
    const region = this.space.regionAt(Number(a));
    const kind: VmErrorKind = !region ? (a < BigInt(PAGE_SIZE) ? 'null' : 'out-of-bounds') : host === Fault.READ_ONLY ? 'read-only' : 'out-of-bounds';
    this.fault(kind, region ? `${what}: ${kind === 'read-only' ? `${region.name} is read-only` : `outside ${region.name}`}` : `${what}: no region is mapped there`, a, size);
  }

  bytes(addr: bigint, size: number, write: boolean): Uint8Array {
    const h = this.hostOffset(addr, size, write);
    return this.space.bytes.subarray(h, h + size);
  }

  fault(kind: VmErrorKind, detail: string, address?: bigint, size?: number): never {
    throw new VmError(kind, detail, this.pc, address, size);
  }
}
