/**
 * The contract between generated code and its JS glue (engine.ts): imports, exported globals,
 * the subprogram calling convention, fault codes. Kept in one place so the two sides cannot drift.
 *
 * Every subprogram becomes one wasm function
 *
 *   (param r0 … r9 : i64, budget : i64, depth : i32, read cache, write cache)
 *   (result r0 … r5 : i64, budget : i64)
 *
 * where a cache is (base : i64, limit : i64, host : i32): VM addresses base … base + limit map to
 * host + (address − base) for accesses of up to 8 bytes (limit 0: empty). Callers pass what they
 * know, so a short filter's first packet access hits without a lookup.
 * r6–r9 come back unchanged by construction (the caller keeps its own locals), exactly as the
 * interpreter restores them; r0–r5 are the callee's, as the interpreter leaves them. `budget` is
 * the instruction meter counting down from the run's limit.
 */
import { ValType } from './wasm/opcodes.js';

const { i32, i64, f64 } = ValType;

/** Parameters of a subprogram function. */
export const SUB_PARAMS = [i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i32, i64, i64, i32, i64, i64, i32] as const;
/** Results of a subprogram function. */
export const SUB_RESULTS = [i64, i64, i64, i64, i64, i64, i64] as const;
export const SUB_PARAM_NAMES = [
  'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'budget', 'depth',
  'rd_base', 'rd_limit', 'rd_host', 'wr_base', 'wr_limit', 'wr_host',
] as const;
export const PARAM_BUDGET = 10;
export const PARAM_DEPTH = 11;
/** First of the two translation caches (read, write: base, limit, host) the caller hands over. */
export const PARAM_CACHES = 12;

/** Imports, all from module `env`. */
export const Imports = {
  memory: 'memory',
  /**
   * (pc, helper id, r1 … r5, budget after the call) → r0. Throws VmError; may set `halted`. The
   * budget goes as an f64 (exact below 2^53): one BigInt less to allocate per call.
   */
  helper: { name: 'helper', params: [i32, i32, i64, i64, i64, i64, i64, f64], results: [i64] },
  /** (base register value, offset, size, write, pc, budget) → never returns: throws the memory VmError. */
  memfault: { name: 'memfault', params: [i64, i32, i32, i32, i32, i64], results: [] },
  /** (fault code, instruction index, budget) → never returns. */
  fault: { name: 'fault', params: [i32, i32, i64], results: [] },
} as const;

/** Codes for the `fault` import. */
export const FaultCode = {
  /** The meter ran out before the instruction at the given index. */
  LIMIT: 1,
  /** A local call at the given index would exceed the frame limit. */
  CALL_DEPTH: 2,
  /** LD_ABS/LD_IND at the given index without a packet region. */
  NO_PACKET: 3,
} as const;

/** Names of exported globals the glue reads or sets. */
export const Globals = {
  /** Instruction limit of every run (i64; the glue sets it when it changes). */
  limit: 'limit',
  /** Set to 1 when the program stopped early with r0 = 0 (LD_ABS out of the packet, uBPF unwind). */
  halted: 'halted',
  /** Region id of the packet for LD_ABS/LD_IND, 0 for none. */
  packetId: 'packet_id',
  /** Linear-memory offset of the packet's first byte. */
  packetHost: 'packet_host',
  /** Batch mode: index of the packet being run (for errors). */
  batchIndex: 'batch_index',
} as const;

/** Exported functions. */
export const Exports = {
  /** (r1 … r5 : i64) → r0; the instruction count goes to the scratch word (CodegenInput.scratchHost). */
  run: 'run',
  /** (r1 … r5 : i32, zero-extended) → r0: the same without BigInt arguments. */
  run32: 'run32',
  /** (r1 … r5 : i32) → low 32 bits of r0: a filter's verdict without any BigInt. */
  verdict: 'verdict',
  /**
   * (count, descriptors, verdicts, r1) → packets done. Descriptor i at linear offset
   * descriptors + 8i holds (host offset of the bytes, length) as two u32; the packet is copied to
   * the packet region, r1 = packet address (`packet_vm` argument), r2 = length, and the low 32 bits
   * of r0 go to verdicts + 4i.
   */
  batch: 'batch',
} as const;
