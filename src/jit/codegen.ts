/**
 * eBPF → WebAssembly code generation. One wasm function per subprogram (layout.ts gives the
 * calling convention); eBPF registers are i64 locals; control flow comes from structure.ts; every
 * instruction is lowered by `lowerInsn` to the interpreter's exact semantics (src/vm/interpreter.ts
 * is the reference; the differential fuzzer holds the two together).
 *
 * The instruction meter is settled once per basic block: `budget -= n`, and only if that goes
 * negative does a slow copy of the block run, which stops with the same pc and count as the
 * interpreter (see `emitMeter`). Memory accesses go through a one-entry translation cache per
 * function (last region read, last region written), falling back to `$xlate`, a wasm copy of the
 * interpreter's page-table lookup; stack accesses at constant offsets from r10 that are in bounds
 * by construction need no check at all.
 */
import { FORMS, type Form } from '../isa/table.js';
import { formatConformance } from '../text/conformance.js';
import { Exports, FaultCode, Globals, Imports, PARAM_BUDGET, PARAM_CACHES, PARAM_DEPTH, SUB_PARAM_NAMES, SUB_PARAMS, SUB_RESULTS } from './layout.js';
import { type BasicBlock, buildCfg, type Cfg, callTarget, type Subprogram } from './cfg.js';
import { type Shape, structure } from './structure.js';
import { FunctionBody } from './wasm/body.js';
import { ModuleBuilder } from './wasm/module.js';
import { type MemOpName, type SimpleOp, ValType } from './wasm/opcodes.js';
import type { Insn } from '../isa/insn.js';
import type { Validated } from '../isa/validate.js';
import { PAGE_SHIFT, REGION_ENTRY_WORDS, REGION_TABLE_OFFSET } from '../vm/memory.js';

const { i32, i64 } = ValType;

/** What code generation needs to know about the program and the machine it will run on. */
export interface CodegenInput {
  readonly insns: readonly Insn[];
  /** Slot index of each instruction. */
  readonly pcs: readonly number[];
  /** Form id per slot (-1 elsewhere), as the interpreter's compiled program has it. */
  readonly formIds: Int16Array;
  /** The interpreter's flat code (four words per slot): resolved LD_IMM64 values live here. */
  readonly code: Int32Array;
  /** r10 of call depth 0 and how it moves per depth (frames are equally spaced). */
  readonly frameTop: number;
  readonly frameStride: number;
  /** Linear-memory offset of frame 0's first byte and its stride per depth. */
  readonly frameHost: number;
  readonly frameHostStride: number;
  readonly frameSize: number;
  readonly maxFrames: number;
  /** Linear-memory offset of 8 bytes, invisible to programs, where `run` leaves the instruction count (f64). */
  readonly scratchHost: number;
  /** Does helper `id` stop the program when it returns 0 (uBPF unwind)? */
  readonly unwinds: (id: number) => boolean;
  /** Record the module as WAT with eBPF annotations. */
  readonly wat?: boolean;
}

export interface GeneratedModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly wat: string | undefined;
  readonly cfg: Cfg;
  /**
   * For a program without loops and local calls: the most instructions any run can execute. Its
   * code then keeps the count but never checks the meter, and the glue must use the interpreter
   * for a run whose limit is below this bound (only such a run can hit the limit).
   */
  readonly pathBound: number | undefined;
  /** Batch module only: packets are not copied but the packet region repointed (see `zeroCopyBatch`). */
  readonly zeroCopy: boolean;
}

/** The longest path, in instructions, through a subprogram without loops (blocks are in reverse postorder). */
function longestPath(sub: Subprogram): number {
  const dist = new Array<number>(sub.blocks.length).fill(0);
  for (let b = sub.blocks.length - 1; b >= 0; b--) {
    const blk = sub.blocks[b]!;
    let next = 0;
    for (const s of blk.succs) next = Math.max(next, dist[s]!);
    dist[b] = blk.end - blk.start + next;
  }
  return dist[0] ?? 0;
}

/**
 * Instructions whose effects can be observed before a block ends (faults, stores, helpers). A
 * load at a constant offset inside r10's frame can neither fault nor change anything.
 */
function isObservable(f: Form, insn: Insn, frameSize: number): boolean {
  switch (f.kind) {
    case 'ldx': case 'ldxs':
      return !(insn.src === 10 && insn.off >= -frameSize && insn.off + f.size <= 0);
    case 'st': case 'stx': case 'atomic': case 'ldabs': case 'ldind':
    case 'call': case 'callx':
      return true;
    default:
      return false;
  }
}

const MEM_WORD = 4;

const SIMPLE_ALU64: Partial<Record<string, SimpleOp>> = {
  add: 'i64.add', sub: 'i64.sub', mul: 'i64.mul', or: 'i64.or', and: 'i64.and', xor: 'i64.xor',
  lsh: 'i64.shl', rsh: 'i64.shr_u', arsh: 'i64.shr_s',
};
const SIMPLE_ALU32: Partial<Record<string, SimpleOp>> = {
  add: 'i32.add', sub: 'i32.sub', mul: 'i32.mul', or: 'i32.or', and: 'i32.and', xor: 'i32.xor',
  lsh: 'i32.shl', rsh: 'i32.shr_u', arsh: 'i32.shr_s',
};
const DIV64 = { div_u: 'i64.div_u', div_s: 'i64.div_s', rem_u: 'i64.rem_u', rem_s: 'i64.rem_s', eqz: 'i64.eqz', eq: 'i64.eq' } as const;
const DIV32 = { div_u: 'i32.div_u', div_s: 'i32.div_s', rem_u: 'i32.rem_u', rem_s: 'i32.rem_s', eqz: 'i32.eqz', eq: 'i32.eq' } as const;

/**
 * Generates the module: in mode 'run' it exports `run`/`run32` (one run per call); in mode
 * 'batch' it exports `batch` (the batch loop with the program inlined in it), built on demand.
 */
export function generate(input: CodegenInput, mode: 'run' | 'batch' = 'run'): GeneratedModule {
  const { insns, pcs, formIds } = input;
  const forms = insns.map((_, k) => FORMS[formIds[pcs[k]!]!]!);
  const slots = pcs.length ? pcs[pcs.length - 1]! + (insns[insns.length - 1]!.hi === undefined ? 1 : 2) : 0;
  const indexOfSlot = new Int32Array(slots).fill(-1);
  pcs.forEach((pc, k) => { indexOfSlot[pc] = k; });
  const validated: Validated = { forms, pcs: [...pcs], indexOfSlot };
  const cfg = buildCfg(insns, validated);

  const m = new ModuleBuilder();
  m.importMemory('env', Imports.memory);
  const helperFn = m.importFunc('env', Imports.helper.name, Imports.helper.params, Imports.helper.results);
  const memfaultFn = m.importFunc('env', Imports.memfault.name, Imports.memfault.params, Imports.memfault.results);
  const faultFn = m.importFunc('env', Imports.fault.name, Imports.fault.params, Imports.fault.results);

  const g = {
    limit: m.global('limit', i64, 0n, Globals.limit),
    halted: m.global('halted', i32, 0n, Globals.halted),
    packetId: m.global('packet_id', i32, 0n, Globals.packetId),
    packetHost: m.global('packet_host', i32, 0n, Globals.packetHost),
    batchIndex: m.global('batch_index', i32, 0n, Globals.batchIndex),
    cacheBase: m.global('cache_base', i64, 0n),
    cacheLimit: m.global('cache_limit', i64, 0n),
    cacheHost: m.global('cache_host', i32, 0n),
  };
  const xlateFn = m.declareFunc('xlate', [i64, i32, i32, i32, i32, i64], [i32]);
  // A function per subprogram that a local call enters (subprogram 0 usually is not one: the
  // entry points inline it).
  const called = new Set<number>();
  for (let k = 0; k < insns.length; k++) {
    if (forms[k]!.kind === 'call' && forms[k]!.op === 'local') called.add(cfg.subprogramAt.get(callTarget(insns, validated, k))!);
  }
  const subLabels = cfg.subprograms.map((s, n) => `sub${n}_pc${pcs[s.entry]}`);
  const sub0 = cfg.subprograms[0]!;
  const pathBound = called.size === 0 && sub0.loopHeaders.size === 0 ? longestPath(sub0) : undefined;
  const subFns = cfg.subprograms.map((_, n) => (called.has(n) ? m.declareFunc(subLabels[n]!, SUB_PARAMS, SUB_RESULTS) : -1));
  const ctx: ModuleContext = { input, forms, validated, cfg, pathBound, m, g, helperFn, memfaultFn, faultFn, xlateFn, subFns, subLabels };
  m.define(xlateFn, emitXlate(ctx));
  cfg.subprograms.forEach((sub, n) => { if (called.has(n)) m.define(subFns[n]!, new SubprogramEmitter(ctx, sub).emit()); });
  if (mode === 'run') {
    const runFn = m.declareFunc('run', [i64, i64, i64, i64, i64], [i64], Exports.run);
    const run32Fn = m.declareFunc('run32', [i32, i32, i32, i32, i32], [i64], Exports.run32);
    const verdictFn = m.declareFunc('verdict', [i32, i32, i32, i32, i32], [i32], Exports.verdict);
    m.define(runFn, emitRun(ctx));
    m.define(run32Fn, emitRun32(ctx, runFn));
    m.define(verdictFn, emitRun32(ctx, runFn, true));
  } else {
    m.define(m.declareFunc('batch', [i32, i32, i32, i64, i64], [i32], Exports.batch), emitBatch(ctx));
  }
  return { bytes: m.encode(), wat: input.wat ? m.toWat() : undefined, cfg, pathBound, zeroCopy: mode === 'batch' && zeroCopyBatch(ctx) };
}

interface ModuleContext {
  readonly input: CodegenInput;
  readonly forms: readonly Form[];
  readonly validated: Validated;
  readonly cfg: Cfg;
  readonly pathBound: number | undefined;
  readonly m: ModuleBuilder;
  readonly g: Record<'limit' | 'halted' | 'packetId' | 'packetHost' | 'batchIndex' | 'cacheBase' | 'cacheLimit' | 'cacheHost', number>;
  readonly helperFn: number;
  readonly memfaultFn: number;
  readonly faultFn: number;
  readonly xlateFn: number;
  readonly subLabels: readonly string[];
  readonly subFns: readonly number[];
}

/**
 * $xlate(base, off, size, write, pc, budget) → host offset: the interpreter's `hostOf`, step for
 * step (effective address base + off must fit 32 bits with base's upper half zero; page table;
 * offset + size against the region length; write flag), faulting through `memfault`. On success
 * it leaves the region in the cache globals for the caller's one-entry cache: the cache covers
 * offsets [0, length − 7) so that any access of up to 8 bytes that hits it is in bounds, and it
 * never covers the last 64 KiB page of the address space, where a negative offset could make an
 * out-of-range base look valid.
 */
function emitXlate(ctx: ModuleContext): FunctionBody {
  const b = new FunctionBody([i64, i32, i32, i32, i32, i64], ctx.input.wat, ['base', 'off', 'size', 'write', 'pc', 'budget']);
  b.globalNames = ctx.m.globalLabels();
  const [BASE, OFF, SIZE, WRITE, PC, BUDGET] = [0, 1, 2, 3, 4, 5];
  const A = b.local(i64, 'addr'), E = b.local(i32, 'entry'), O = b.local(i64, 'offset'), LEN = b.local(i64, 'length');
  b.note('the interpreter\'s hostOf: effective address, page table, region bounds, write flag');
  b.block('fault');
  // a = base + off; base must be below 2^32 and a in [0, 2^32).
  b.get(BASE).get(OFF).op('i64.extend_i32_s').op('i64.add').set(A);
  b.get(BASE).get(A).op('i64.or').i64n(32).op('i64.shr_u').op('i32.wrap_i64').brIf(0);
  // e = regionTable + pageTable[a >> 16] * 16
  b.get(A).i64(BigInt(PAGE_SHIFT)).op('i64.shr_u').op('i32.wrap_i64').i32(1).op('i32.shl').mem('i32.load16_u');
  b.i32(REGION_ENTRY_WORDS * MEM_WORD).op('i32.mul').i32(REGION_TABLE_OFFSET).op('i32.add').set(E);
  // o = a - base(region), signed; fault if o + size > length
  b.get(A).get(E).mem('i64.load32_u').op('i64.sub').set(O);
  b.get(E).mem('i64.load32_u', 4).set(LEN);
  b.get(O).get(SIZE).op('i64.extend_i32_u').op('i64.add').get(LEN).op('i64.gt_s').brIf(0);
  b.get(WRITE).get(E).mem('i32.load', 12).i32(1).op('i32.and').op('i32.eqz').op('i32.and').brIf(0);
  // Cache the region: base, usable limit, host offset.
  b.get(E).mem('i64.load32_u').globalSet(ctx.g.cacheBase);
  b.get(LEN).i64n(7).op('i64.sub').i64n(0)
    .get(LEN).i64n(8).op('i64.ge_s')
    .get(E).mem('i64.load32_u').get(LEN).op('i64.add').i64(0xffff0000n).op('i64.le_u').op('i32.and')
    .op('select').globalSet(ctx.g.cacheLimit);
  b.get(E).mem('i32.load', 8).globalSet(ctx.g.cacheHost);
  b.get(E).mem('i32.load', 8).get(O).op('i32.wrap_i64').op('i32.add').op('return');
  b.end();
  b.get(BASE).get(OFF).get(SIZE).get(WRITE).get(PC).get(BUDGET).call(ctx.memfaultFn, 'memfault').op('unreachable');
  return b;
}

/**
 * Sets up an inlined subprogram 0's locals for a new run: r1 … r5 pushed by `args`, depth 0, and
 * the packet region's translation caches — computed inline from its region-table entry at
 * `entry` (`cache_of`'s rule), so a short filter's first packet access is a cache hit.
 */
function enterInline(ctx: ModuleContext, b: FunctionBody, sub: SubprogramEmitter, entry: number, args: (reg: number) => boolean,
  known?: PacketLocals): void {
  const f = sub.frame;
  for (let r = 0; r < 10; r++) {
    if (!args(r)) b.i64n(0);
    b.set(f.regs[r]!);
  }
  b.globalGet(ctx.g.limit).set(f.budget);
  b.i32(0).set(f.depth);
  const { r: rd, w: wr } = f.cache;
  // The caches start on the packet region: from its table entry, or (batch) from the values
  // just written into it, without reading them back.
  if (known) b.get(known.base);
  else b.get(entry).mem('i64.load32_u');
  b.tee(rd.base).set(wr.base);
  if (known) b.get(known.host);
  else b.get(entry).mem('i32.load', 8);
  b.tee(rd.host).set(wr.host);
  // limit = length ≥ 8 && base + length ≤ 0xffff0000 ? length − 7 : 0
  if (known) {
    // The same with the batch's `lengths` bound: one unsigned comparison per packet.
    b.get(known.length).op('i64.extend_i32_u').tee(rd.limit).i64n(7).op('i64.sub').i64n(0);
    b.get(rd.limit).i64n(8).op('i64.sub').get(known.lengths).op('i64.lt_u');
  } else {
    b.get(entry).mem('i64.load32_u', 4);
    b.tee(rd.limit).i64n(7).op('i64.sub').i64n(0);
    b.get(rd.limit).i64n(8).op('i64.ge_s');
    b.get(rd.base).get(rd.limit).op('i64.add').i64(0xffff0000n).op('i64.le_u').op('i32.and');
  }
  b.op('select').set(rd.limit);
  b.get(rd.limit).i64n(0);
  if (known) b.get(known.writable);
  else b.get(entry).mem('i32.load', 12).i32(1).op('i32.and');
  b.op('select').set(wr.limit);
}

/** Locals holding the packet region's entry as the batch loop sets it for each packet. */
interface PacketLocals {
  base: number;
  host: number;
  length: number;
  /** 1 if writable. */
  writable: number;
  /**
   * i64: the lengths the cache may cover are 8 … 7 + this (8 ≤ length and base + length ≤
   * 0xffff0000, as `enterInline` requires), computed once per batch (see `emitBatch`).
   */
  lengths: number;
}

/** Pushes the linear-memory offset of the packet region's table entry (entry 0, empty, without one). */
function packetEntry(ctx: ModuleContext, b: FunctionBody): void {
  b.globalGet(ctx.g.packetId).i32(REGION_ENTRY_WORDS * MEM_WORD).op('i32.mul').i32(REGION_TABLE_OFFSET).op('i32.add');
}

/**
 * run(r1 … r5) → r0: subprogram 0 inlined, with the `limit` global as its budget; leaves the
 * instruction count as an f64 at `scratchHost` (reading a wasm global from JS costs more than the run).
 */
function emitRun(ctx: ModuleContext): FunctionBody {
  const b = new FunctionBody([i64, i64, i64, i64, i64], ctx.input.wat, ['a1', 'a2', 'a3', 'a4', 'a5']);
  b.globalNames = ctx.m.globalLabels();
  const ENTRY = b.local(i32, 'packet_entry');
  packetEntry(ctx, b);
  b.set(ENTRY);
  b.block('exit');
  const sub = new SubprogramEmitter(ctx, ctx.cfg.subprograms[0]!, { body: b, exitLevel: b.nesting });
  const f = sub.frame;
  enterInline(ctx, b, sub, ENTRY, (r) => {
    if (r < 1 || r > 5) return false;
    b.get(r - 1);
    return true;
  });
  sub.emit();
  b.end();
  b.i32(ctx.input.scratchHost).globalGet(ctx.g.limit).get(f.budget).op('i64.sub').op('f64.convert_i64_s').mem('f64.store');
  b.i32(0).globalSet(ctx.g.halted);
  b.get(f.regs[0]!);
  return b;
}

/**
 * run32(r1 … r5 : i32) → r0: `run` with zero-extended arguments (no BigInts at the boundary);
 * with `verdict`, only the low 32 bits of r0 come back (no BigInt at all).
 */
function emitRun32(ctx: ModuleContext, runFn: number, verdict = false): FunctionBody {
  const b = new FunctionBody([i32, i32, i32, i32, i32], ctx.input.wat, ['a1', 'a2', 'a3', 'a4', 'a5']);
  b.globalNames = ctx.m.globalLabels();
  for (let r = 0; r < 5; r++) b.get(r).op('i64.extend_i32_u');
  b.call(runFn, 'run');
  if (verdict) b.op('i32.wrap_i64');
  return b;
}

/**
 * Batch mode without copying: when the program calls no helper, nothing but the program itself
 * can look at the packet region, so the batch may point the region at each staged packet in turn.
 */
export function zeroCopyBatch(ctx: { forms: readonly Form[] }): boolean {
  return !ctx.forms.some((f) => (f.kind === 'call' && f.op === 'helper') || f.kind === 'callx');
}

/**
 * batch(count, descriptors, verdicts, r1, cacheable_lengths) → packets run: runs the program once
 * per packet, inlined in the loop; each packet is copied into the packet region first, or the
 * region pointed at it (see `zeroCopyBatch`); its length becomes the region's length; r1 as given
 * and r2 = packet length; the low 32 bits of each r0 go to the verdict array. A fault throws out
 * of the whole call with `batch_index` naming the packet; with bail-outs (`bailOutBatch`) a failed
 * check returns early, the packet it failed on being the first not run. `cacheable_lengths` is
 * the glue's bound for the translation cache (see `PacketLocals.lengths`): computed in the loop,
 * the compiler would recompute it per packet.
 */
function emitBatch(ctx: ModuleContext): FunctionBody {
  const b = new FunctionBody([i32, i32, i32, i64, i64], ctx.input.wat, ['count', 'descriptors', 'verdicts', 'arg_r1', 'cacheable_lengths']);
  b.globalNames = ctx.m.globalLabels();
  const [COUNT, DESC, OUT, R1, LENGTHS] = [0, 1, 2, 3, 4];
  const I = b.local(i32, 'i'), LEN = b.local(i32, 'length'), ENTRY = b.local(i32, 'region'), HOST = b.local(i32, 'bytes');
  const BASE = b.local(i64, 'region_base'), WRITABLE = b.local(i32, 'region_writable');
  packetEntry(ctx, b);
  b.set(ENTRY);
  // What stays the same for every packet: the region's address and write permission.
  b.get(ENTRY).mem('i64.load32_u').set(BASE);
  b.get(ENTRY).mem('i32.load', 12).i32(1).op('i32.and').set(WRITABLE);
  const zeroCopy = zeroCopyBatch(ctx);
  // Only LD_ABS / LD_IND read `packet_host` and the region's table entry; only they and helpers
  // can set `halted`.
  const packetLoads = ctx.forms.some((f) => f.kind === 'ldabs' || f.kind === 'ldind');
  const bails = bailOutBatch(ctx);
  let bailLevel: number | undefined;
  if (bails) {
    b.block('bail');
    bailLevel = b.nesting;
  }
  b.block('done').loop('next');
  b.get(I).get(COUNT).op('i32.ge_u').brIf(1, 'done');
  // Without bail-outs a fault throws out of the loop and the glue needs the packet's index.
  if (!bails || packetLoads) b.get(I).globalSet(ctx.g.batchIndex);
  b.get(DESC).get(I).i32(3).op('i32.shl').op('i32.add').mem('i32.load', 4).set(LEN);
  if (zeroCopy) {
    // No helper can see or resize the packet region, so instead of copying, point the region at
    // the staged bytes (the glue restores it afterwards): memory.copy costs more than a filter.
    // With bail-outs only LD_ABS / LD_IND read the table entry (nothing calls $xlate).
    b.get(DESC).get(I).i32(3).op('i32.shl').op('i32.add').mem('i32.load').set(HOST);
    if (!bails || packetLoads) b.get(ENTRY).get(HOST).mem('i32.store', 8);
    if (packetLoads) b.get(HOST).globalSet(ctx.g.packetHost);
  } else {
    // Copy the packet in (the glue checked the capacity).
    b.globalGet(ctx.g.packetHost).tee(HOST);
    b.get(DESC).get(I).i32(3).op('i32.shl').op('i32.add').mem('i32.load');
    b.get(LEN).bulk('memory.copy');
    // Helpers ran on the last packet: read the permission again rather than assume it.
    b.get(ENTRY).mem('i32.load', 12).i32(1).op('i32.and').set(WRITABLE);
  }
  if (!bails || packetLoads) b.get(ENTRY).get(LEN).mem('i32.store', 4);
  b.block('exit');
  const sub = new SubprogramEmitter(ctx, ctx.cfg.subprograms[0]!, { body: b, exitLevel: b.nesting, bailLevel });
  enterInline(ctx, b, sub, ENTRY, (r) => {
    if (r === 1) b.get(R1);
    else if (r === 2) b.get(LEN).op('i64.extend_i32_u');
    else return false;
    return true;
  }, { base: BASE, host: HOST, length: LEN, writable: WRITABLE, lengths: LENGTHS });
  sub.emit();
  b.end();
  // verdicts[i] = low 32 bits of r0
  b.get(OUT).get(I).i32(2).op('i32.shl').op('i32.add').get(sub.frame.regs[0]!).mem('i64.store32');
  if (packetLoads || !zeroCopy) b.i32(0).globalSet(ctx.g.halted);
  b.get(I).i32(1).op('i32.add').set(I);
  b.br(0, 'next');
  b.end().end();
  b.get(COUNT);
  if (bails) {
    b.op('return');
    b.end();
    b.note('a check failed: packet i runs on its own (the glue continues after it)');
    b.get(I);
  }
  return b;
}

/**
 * Batch mode with bail-outs: when the program stores nothing, calls nothing and has no loops, a
 * run has no effect but its verdict, so a failed memory check need not be handled inside the
 * loop — the batch returns the packet's index and the glue runs that packet alone (faulting or
 * not exactly as `run` does, from the same start) and resumes the batch after it. The loop then
 * contains no call at all, which keeps its values in registers across packets.
 */
export function bailOutBatch(ctx: { forms: readonly Form[]; pathBound: number | undefined }): boolean {
  return ctx.pathBound !== undefined && zeroCopyBatch(ctx)
    && !ctx.forms.some((f) => f.kind === 'st' || f.kind === 'stx' || f.kind === 'atomic' || f.kind === 'call');
}

/** Emits one subprogram. */
class SubprogramEmitter {
  private readonly b: FunctionBody;
  private readonly R10: number;
  private readonly FPH: number;
  private readonly cache: { r: CacheLocals; w: CacheLocals };
  private readonly T64a: number;
  private readonly T64b: number;
  private readonly T32: number;
  /** Linear-memory address of base + minOff while a checked load group is emitted. */
  private readonly GROUP_HOST: number;
  private group: LoadGroup | undefined;
  /** While the entry-checked copy of a loop-free program is emitted: its span (see `entrySpan`). */
  private entry: EntrySpan | undefined;
  private readonly ENTRY_HOST: number;
  /** Index of the instruction being lowered. */
  private current = -1;
  /** Counted loops: the trip's last induction value, and host − cached base for its loads. */
  private readonly FAST_END: number;
  private readonly FAST_DELTA: number;
  /** While a counted loop's unchecked copy is emitted: the local of its induction register. */
  private fastInduction: number | undefined;
  /** In an unrolled copy of a sum loop: adds to the accumulator's local go to this partial sum. */
  private fastSum: { acc: number; into: number } | undefined;
  /** Partial-sum locals of unrolled sum loops, declared on first use and shared. */
  private readonly partialLocals: number[] = [];
  /** In an unrolled round with deferred increments: the `add i, 1`s emitted so far this round. */
  private roundShift: number | undefined;
  /** Host address of the induction register's value at the start of the round. */
  private ROUND_HOST = 0;
  /** Block being emitted: instruction count and position of the current instruction. */
  private blockLength = 0;
  private blockPos = 0;

  private readonly ctx: ModuleContext;
  private readonly sub: Subprogram;
  /** Locals of r0 … r10. */
  private readonly R: number[];
  private readonly BUDGET: number;
  private readonly DEPTH: number;
  /** Path-bounded program (see `GeneratedModule.pathBound`): count, never check. */
  private get unmetered(): boolean {
    return this.ctx.pathBound !== undefined;
  }
  /** Inline mode: the label level that `exit` branches to (the code after it takes r0). */
  private readonly exitLevel: number | undefined;
  /**
   * Batch with bail-outs (see `bailOutBatch`): the label level a failed memory check branches
   * to, instead of calling `$xlate`, so that the glue runs the packet on its own.
   */
  private readonly bailLevel: number | undefined;

  /**
   * A subprogram as its own function (the calling convention of layout.ts), or — with `host` —
   * inlined into another function body (the batch loop), where `exit` branches to the label at
   * `host.exitLevel` with r0 in its local instead of returning.
   */
  constructor(ctx: ModuleContext, sub: Subprogram, host?: { body: FunctionBody; exitLevel: number; bailLevel?: number | undefined }) {
    this.ctx = ctx;
    this.sub = sub;
    if (host) {
      const b = host.body;
      this.b = b;
      this.exitLevel = host.exitLevel;
      this.bailLevel = host.bailLevel;
      this.R = Array.from({ length: 10 }, (_, r) => b.local(i64, `r${r}`));
      this.BUDGET = b.local(i64, 'budget');
      this.DEPTH = b.local(i32, 'depth');
      this.cache = {
        r: { base: b.local(i64, 'rd_base'), limit: b.local(i64, 'rd_limit'), host: b.local(i32, 'rd_host') },
        w: { base: b.local(i64, 'wr_base'), limit: b.local(i64, 'wr_limit'), host: b.local(i32, 'wr_host') },
      };
    } else {
      this.b = new FunctionBody(SUB_PARAMS, ctx.input.wat, SUB_PARAM_NAMES);
      this.b.globalNames = ctx.m.globalLabels();
      this.exitLevel = undefined;
      this.bailLevel = undefined;
      this.R = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
      this.BUDGET = PARAM_BUDGET;
      this.DEPTH = PARAM_DEPTH;
      const c = PARAM_CACHES;
      this.cache = { r: { base: c, limit: c + 1, host: c + 2 }, w: { base: c + 3, limit: c + 4, host: c + 5 } };
    }
    const b = this.b;
    this.R10 = b.local(i64, 'r10');
    this.R.push(this.R10);
    this.FPH = b.local(i32, 'frame');
    this.T64a = b.local(i64, 't64');
    this.T64b = b.local(i64, 'ea');
    this.T32 = b.local(i32, 't32');
    this.GROUP_HOST = b.local(i32, 'group');
    this.ENTRY_HOST = b.local(i32, 'entry_host');
    this.FAST_END = b.local(i64, 'fast_end');
    this.FAST_DELTA = b.local(i32, 'fast_delta');
    this.ROUND_HOST = b.local(i32, 'round_host');
  }

  /** Locals the caller of an inlined subprogram sets up: registers, budget, depth, caches. */
  get frame(): { regs: readonly number[]; budget: number; depth: number; cache: { r: CacheLocals; w: CacheLocals } } {
    return { regs: this.R, budget: this.BUDGET, depth: this.DEPTH, cache: this.cache };
  }

  /** Label level of the shared "meter ran out in a block without side effects" exit. */
  private limitLevel = 0;
  /** Label level of each block's out-of-line slow path, for blocks with observable instructions. */
  private readonly slowLevel = new Map<number, number>();
  /** Local holding the end index of the block whose meter ran out (shared exit). */
  private STOP = 0;

  emit(): FunctionBody {
    const { b, ctx } = this;
    const inp = ctx.input;
    b.note(`subprogram at pc ${inp.pcs[this.sub.entry]}: r10 and this frame's linear-memory offset from the call depth`);
    b.i64(BigInt(inp.frameTop)).get(this.DEPTH).op('i64.extend_i32_u').i64(BigInt(inp.frameStride)).op('i64.mul').op('i64.sub').set(this.R10);
    b.i32(inp.frameHost).get(this.DEPTH).i32(inp.frameHostStride).op('i32.mul').op('i32.sub').set(this.FPH);
    const shapes = structure(this.sub, (blk) => ctx.forms[this.sub.blocks[blk]!.end - 1]!.kind === 'jcc');
    if (this.unmetered) {
      b.note(`no loops or calls: at most ${ctx.pathBound} instructions per run, so the count is kept but never checked`);
      const span = entrySpan(ctx, this.sub);
      if (span) {
        // Two copies: one whose loads through the entry register go unchecked, taken when one
        // check at entry covers all their offsets; the other checks each load as usual.
        // Two branches out rather than one on the `and` of both comparisons (fewer instructions).
        const rd = this.cache.r;
        b.note(`loads through r${span.reg} while it holds its entry value, offsets ${span.minOff}…${span.maxOff}: one check at entry`);
        b.block('unchecked');
        b.get(this.reg(span.reg)).i64n(span.minOff).op('i64.add').get(rd.base).op('i64.sub').tee(this.T64b).get(rd.limit).op('i64.ge_u');
        b.brIf(0, 'unchecked');
        b.get(this.T64b).i64n(span.maxOff - span.minOff).op('i64.add').get(rd.limit).op('i64.ge_u');
        b.brIf(0, 'unchecked');
        b.get(this.T64b).op('i32.wrap_i64').get(rd.host).op('i32.add').set(this.ENTRY_HOST);
        this.entry = span;
        this.shapes(shapes);
        this.entry = undefined;
        b.op('unreachable');
        b.end();
        if (this.bailLevel !== undefined) {
          b.note(`r${span.reg} + ${span.minOff}…${span.maxOff} is not in the packet: this packet runs on its own`);
          b.br(b.depthTo(this.bailLevel), 'bail');
          return b;
        }
        b.note(`r${span.reg} + ${span.minOff}…${span.maxOff} is not in the packet: check each load`);
      }
      this.shapes(shapes);
      b.op('unreachable');
      return b;
    }
    this.STOP = b.local(i32, 'stop');
    // Slow paths live after the body, outside every loop, so hot loops carry no calls: one wasm
    // block per block with observable instructions, plus one shared exit for the rest.
    const slow = this.sub.blocks.filter((blk) => this.hasObservablePrefix(blk));
    b.block('meter');
    this.limitLevel = b.nesting;
    for (const blk of slow) {
      b.block(`slow${blk.id}`);
      this.slowLevel.set(blk.id, b.nesting);
    }
    this.shapes(shapes);
    b.op('unreachable');
    for (let j = slow.length - 1; j >= 0; j--) {
      b.end();
      this.emitSlowPath(slow[j]!);
    }
    b.end();
    b.note('the meter ran out in a block without side effects: stop at its instruction budget + n');
    b.i32(FaultCode.LIMIT).get(this.BUDGET).op('i32.wrap_i64').get(this.STOP).op('i32.add')
      .get(this.BUDGET).call(ctx.faultFn, 'fault').op('unreachable');
    return b;
  }

  private observable(k: number): boolean {
    return isObservable(this.ctx.forms[k]!, this.ctx.input.insns[k]!, this.ctx.input.frameSize);
  }

  /** Does the block do anything observable before its last instruction? */
  private hasObservablePrefix(blk: BasicBlock): boolean {
    for (let k = blk.start; k < blk.end - 1; k++) if (this.observable(k)) return true;
    return false;
  }

  private reg(r: number): number {
    return this.R[r]!;
  }

  private shapes(list: readonly Shape[]): void {
    for (const s of list) this.shape(s);
  }

  private shape(s: Shape): void {
    const b = this.b;
    switch (s.kind) {
      case 'code': this.basicBlock(this.sub.blocks[s.block]!); break;
      case 'block': b.block(`b${s.follow}`); this.shapes(s.body); b.end(); break;
      case 'loop': {
        const counted = this.unmetered ? undefined : countedLoop(this.ctx, this.sub.blocks[s.header]!);
        if (counted) this.countedPrefix(counted);
        b.loop(`l${s.header}`); this.shapes(s.body); b.end(); break;
      }
      case 'if': {
        const blk = this.sub.blocks[s.block]!;
        this.setPosition(blk, blk.end - 1 - blk.start);
        this.condition(blk.end - 1);
        b.if();
        this.shapes(s.taken);
        b.op('else');
        this.shapes(s.fallthrough);
        b.end();
        break;
      }
      case 'br': b.br(s.depth, `${s.to === 'loop' ? 'l' : 'b'}${s.target}`); break;
    }
  }

  private setPosition(blk: BasicBlock, pos: number): void {
    this.blockLength = blk.end - blk.start;
    this.blockPos = pos;
  }

  /** A basic block: meter, then each instruction but a final jump (the shape handles that). */
  private basicBlock(blk: BasicBlock): void {
    const { b, ctx } = this;
    const n = blk.end - blk.start;
    if (b.lines) {
      b.note(`block ${blk.id} (${n} insn${n === 1 ? '' : 's'})`);
    }
    this.emitMeter(blk);
    const lastKind = ctx.forms[blk.end - 1]!.kind;
    const bodyEnd = lastKind === 'ja' || lastKind === 'ja32' || lastKind === 'jcc' ? blk.end - 1 : blk.end;
    for (let k = blk.start; k < bodyEnd;) {
      let group = this.loadGroup(k, bodyEnd);
      if (group && this.entry?.loads.has(group.first)) group = undefined; // checked at entry
      if (group) {
        this.emitGroup(blk, group);
        k = group.last + 1;
        continue;
      }
      this.annotate(k);
      this.setPosition(blk, k - blk.start);
      this.lowerInsn(k);
      k++;
    }
    if (bodyEnd < blk.end) this.annotate(bodyEnd);
  }

  /**
   * A run of loads through one base register that nothing in between changes (no write to it,
   * no call): e.g. a filter reading several header fields of one packet pointer. One check of the
   * span they cover replaces one check per load; if it fails, each load is checked as usual.
   */
  private loadGroup(k: number, end: number): LoadGroup | undefined {
    const { forms, input } = this.ctx;
    const first = forms[k]!;
    const base = input.insns[k]!.src;
    if ((first.kind !== 'ldx' && first.kind !== 'ldxs') || base === 10) return undefined;
    let minOff = Infinity, maxOff = -Infinity, last = k, count = 0;
    for (let j = k; j < end; j++) {
      const f = forms[j]!;
      const insn = input.insns[j]!;
      const isLoad = f.kind === 'ldx' || f.kind === 'ldxs';
      if (isLoad && insn.src === base) {
        minOff = Math.min(minOff, insn.off);
        maxOff = Math.max(maxOff, insn.off);
        last = j;
        count++;
        if (insn.dst === base) break;
        continue;
      }
      const writesBase = (isLoad || f.kind === 'alu' || f.kind === 'neg' || f.kind === 'movsx' || f.kind === 'end' || f.kind === 'lddw')
        ? insn.dst === base
        : f.kind === 'ldabs' || f.kind === 'ldind' ? base === 0 : f.kind !== 'st' && f.kind !== 'stx';
      if (writesBase) break;
    }
    return count >= 2 ? { base, minOff, maxOff, first: k, last } : undefined;
  }

  private emitGroup(blk: BasicBlock, g: LoadGroup): void {
    const { b } = this;
    const rd = this.cache.r;
    const R = this.reg(g.base);
    b.note(`loads through r${g.base} at offsets ${g.minOff}…${g.maxOff}: one check for all`);
    b.get(R).i64n(g.minOff).op('i64.add').get(rd.base).op('i64.sub').tee(this.T64b).get(rd.limit).op('i64.lt_u');
    b.get(this.T64b).i64n(g.maxOff - g.minOff).op('i64.add').get(rd.limit).op('i64.lt_u').op('i32.and');
    b.if();
    b.get(this.T64b).op('i32.wrap_i64').get(rd.host).op('i32.add').set(this.GROUP_HOST);
    this.group = g;
    for (let k = g.first; k <= g.last; k++) {
      this.annotate(k);
      this.setPosition(blk, k - blk.start);
      this.lowerInsn(k);
    }
    this.group = undefined;
    b.op('else');
    if (this.bailLevel !== undefined) {
      b.note('the span is not in the packet: this packet runs on its own');
      b.br(b.depthTo(this.bailLevel), 'bail');
      b.end();
      return;
    }
    b.note('the span is not in the cached region: check each load');
    for (let k = g.first; k <= g.last; k++) {
      this.setPosition(blk, k - blk.start);
      this.lowerInsn(k);
    }
    b.end();
  }

  /**
   * A counted loop (see `countedLoop`) entered with m + 1 iterations to go, m ≥ 1: when the
   * budget covers m iterations and every load of those m iterations lies in the cached read
   * region (checked at the first and last address: the addresses grow by one per iteration), run
   * them without meter or checks, paying the budget up front. The last iteration then runs in the loop as
   * usual — checked and metered — and leaves it. Otherwise nothing happens here.
   */
  private countedPrefix(c: CountedLoop): void {
    const { b } = this;
    const rd = this.cache.r;
    const I = this.reg(c.induction), M = this.FAST_END, E = this.T64b;
    const n = c.block.end - c.block.start;
    b.note(`counted loop on r${c.induction}: iterations but the last without meter or checks when all of them fit`);
    this.bound(c);
    b.get(I).op('i64.sub').i64n(1).op('i64.sub').tee(M);
    b.i64n(1).op('i64.sub').i64n(COUNTED_LOOP_MAX).op('i64.lt_u');
    b.get(M).i64n(n).op('i64.mul').get(this.BUDGET).op('i64.le_s').op('i32.and');
    // The cache's limit is the region's length − 7 (any access up to 8 bytes), or 0 when the
    // cache covers nothing; the first address must be below it, the last access must end inside
    // the region: ea + size ≤ limit + 7.
    const spans = new Map(c.loads.map((l) => [`${l.off + l.shift}:${l.size}`, l]));
    for (const l of spans.values()) {
      const at = l.off + l.shift;
      b.get(I);
      if (at !== 0) b.i64n(at).op('i64.add');
      b.get(rd.base).op('i64.sub').tee(E).get(rd.limit).op('i64.lt_u').op('i32.and');
      b.get(E).get(M).op('i64.add').i64n(1).op('i64.sub').get(rd.limit).i64n(8 - l.size).op('i64.add').op('i64.lt_u').op('i32.and');
    }
    b.if();
    b.get(this.BUDGET).get(M).i64n(n).op('i64.mul').op('i64.sub').set(this.BUDGET);
    b.get(rd.host).get(rd.base).op('i32.wrap_i64').op('i32.sub').set(this.FAST_DELTA);
    this.fastInduction = I;
    if (n <= COUNTED_UNROLL_BODY) {
      // Short bodies: four iterations per round while at least four remain.
      b.get(M).i64n(COUNTED_UNROLL - 1).op('i64.gt_u');
      b.if();
      b.get(I).get(M).i64n(-COUNTED_UNROLL).op('i64.and').op('i64.add').set(M);
      const acc = sumAccumulator(this.ctx, c);
      const partials: number[] = [];
      if (acc !== undefined) {
        // Only adds of loaded values write the accumulator and nothing else reads it: wrapping
        // addition is associative and commutative, so each unrolled copy sums into its own
        // partial (four independent add chains instead of one), folded back after the loop.
        b.note(`r${acc} only sums loaded values: one partial sum per unrolled copy`);
        for (let u = 1; u < COUNTED_UNROLL; u++) {
          this.partialLocals[u - 1] ??= b.local(i64, `sum${u}`);
          partials.push(this.partialLocals[u - 1]!);
          b.i64n(0).set(this.partialLocals[u - 1]!);
        }
      }
      const addressOnly = inductionOnlyAddresses(this.ctx, c);
      b.loop(`fast${c.block.id}x${COUNTED_UNROLL}`);
      if (addressOnly) {
        // Only loads read i: address them from the round's first value, add 4 once at its end.
        b.note(`only loads read r${c.induction}: one address and one increment per round`);
        b.get(I).op('i32.wrap_i64').get(this.FAST_DELTA).op('i32.add').set(this.ROUND_HOST);
        this.roundShift = 0;
      }
      for (let u = 0; u < COUNTED_UNROLL; u++) {
        this.fastSum = acc !== undefined && u > 0 ? { acc: this.reg(acc), into: partials[u - 1]! } : undefined;
        this.fastBody(c);
      }
      this.fastSum = undefined;
      if (addressOnly) {
        b.get(I).i64n(this.roundShift!).op('i64.add').set(I);
        this.roundShift = undefined;
      }
      b.get(I).get(M).op('i64.ne').brIf(0, `fast${c.block.id}x${COUNTED_UNROLL}`);
      b.end();
      if (acc !== undefined) {
        b.get(this.reg(acc));
        for (const p of partials) b.get(p).op('i64.add');
        b.set(this.reg(acc));
      }
      b.end();
    }
    this.bound(c);
    b.i64n(1).op('i64.sub').tee(M);
    b.get(I).op('i64.ne');
    b.if();
    b.loop(`fast${c.block.id}`);
    this.fastBody(c);
    b.get(I).get(M).op('i64.ne').brIf(0, `fast${c.block.id}`);
    b.end();
    b.end();
    this.fastInduction = undefined;
    b.end();
  }

  /** One iteration of a counted loop's unchecked copy (all but the jne). */
  private fastBody(c: CountedLoop): void {
    for (let k = c.block.start; k < c.block.end - 1; k++) {
      this.annotate(k);
      if (this.roundShift !== undefined && this.ctx.input.insns[k]!.dst === c.induction && this.ctx.forms[k]!.kind === 'alu') {
        this.roundShift++; // `add i, 1`, deferred to the round's end
        continue;
      }
      this.setPosition(c.block, k - c.block.start);
      this.lowerInsn(k);
    }
  }

  /** Pushes the counted loop's bound (the other operand of its jne). */
  private bound(c: CountedLoop): void {
    if (c.bound === undefined) this.b.i64n(c.imm);
    else this.b.get(this.reg(c.bound));
  }

  private annotate(k: number): void {
    if (!this.b.lines) return;
    const insn = this.ctx.input.insns[k]!;
    this.b.note(`pc ${this.ctx.input.pcs[k]}: ${formatConformance(insn) ?? this.ctx.forms[k]!.name}`);
  }

  /**
   * budget -= n; if it went negative the interpreter would stop inside this block after
   * r = budget + n instructions: branch out to the block's slow path (or the shared exit when
   * nothing before the block's last instruction is observable).
   */
  private emitMeter(blk: BasicBlock): void {
    const b = this.b;
    const n = blk.end - blk.start;
    if (this.unmetered) {
      b.get(this.BUDGET).i64n(n).op('i64.sub').set(this.BUDGET);
      return;
    }
    b.get(this.BUDGET).i64n(n).op('i64.sub').tee(this.BUDGET).i64n(0).op('i64.lt_s');
    const level = this.slowLevel.get(blk.id);
    if (level !== undefined) {
      b.brIf(b.depthTo(level), `slow${blk.id}`);
      return;
    }
    b.if();
    b.i32(blk.end).set(this.STOP);
    b.br(b.depthTo(this.limitLevel), 'meter');
    b.end();
  }

  /**
   * The slow copy of a block whose meter ran out: re-runs its instructions up to the last
   * observable one before r = budget + n (so faults, stores and helper calls happen exactly as
   * interpreted), then stops with `instruction-limit` at instruction start + r.
   */
  private emitSlowPath(blk: BasicBlock): void {
    const { b, ctx } = this;
    const n = blk.end - blk.start;
    b.note(`block ${blk.id}: the meter ran out inside it`);
    let replayed = blk.start;
    for (let k = blk.start; k < blk.end - 1; k++) {
      if (!this.observable(k)) continue;
      for (; replayed < k; replayed++) {
        this.setPosition(blk, replayed - blk.start);
        this.lowerInsn(replayed);
      }
      // if (r <= k - start) stop
      b.get(this.BUDGET).i64n(n - (k - blk.start)).op('i64.add').i64n(0).op('i64.le_s');
      b.if();
      this.stopInBlock(blk);
      b.end();
      this.setPosition(blk, k - blk.start);
      this.lowerInsn(k);
      replayed = k + 1;
    }
    this.stopInBlock(blk);
  }

  /** fault(LIMIT, start + budget + n, budget): the interpreter stops before instruction start + r. */
  private stopInBlock(blk: BasicBlock): void {
    this.b.i32(FaultCode.LIMIT).get(this.BUDGET).op('i32.wrap_i64').i32(blk.end).op('i32.add')
      .get(this.BUDGET).call(this.ctx.faultFn, 'fault').op('unreachable');
  }

  /** Pushes the budget as it stands right after the current instruction. */
  private budgetHere(): void {
    const after = this.blockLength - 1 - this.blockPos;
    this.b.get(this.BUDGET);
    if (after !== 0) this.b.i64n(after).op('i64.add');
  }

  private returnAll(): void {
    const b = this.b;
    if (this.exitLevel !== undefined) {
      b.br(b.depthTo(this.exitLevel), 'exit');
      return;
    }
    for (let r = 0; r < 6; r++) b.get(this.R[r]!);
    b.get(this.BUDGET).op('return');
  }

  /** Stops the whole program with r0 = 0 (LD_ABS outside the packet). */
  private halt(): void {
    const b = this.b;
    b.i32(1).globalSet(this.ctx.g.halted);
    b.i64n(0).set(this.R[0]!);
    this.budgetHere();
    b.set(this.BUDGET);
    this.returnAll();
  }

  /** After a call: return at once if the program was stopped; forget cached regions. */
  private afterCall(checkHalt: boolean): void {
    const b = this.b;
    if (checkHalt) {
      b.globalGet(this.ctx.g.halted).if();
      this.returnAll();
      b.end();
    }
    b.i64n(0).set(this.cache.r.limit).i64n(0).set(this.cache.w.limit);
  }

  // ---- instruction lowering ----------------------------------------------------------------------

  private lowerInsn(k: number): void {
    const { b, ctx } = this;
    const f = ctx.forms[k]!;
    const insn = ctx.input.insns[k]!;
    const pc = ctx.input.pcs[k]!;
    const d = this.reg(insn.dst), s = this.reg(insn.src);
    this.current = k;
    switch (f.kind) {
      case 'alu': return this.alu(f, d, s, insn.imm);
      case 'neg':
        if (f.is64) b.i64n(0).get(d).op('i64.sub').set(d);
        else b.i32(0).get(d).op('i32.wrap_i64').op('i32.sub').op('i64.extend_i32_u').set(d);
        return;
      case 'movsx': {
        b.get(s);
        if (f.is64) b.op(f.size === 1 ? 'i64.extend8_s' : f.size === 2 ? 'i64.extend16_s' : 'i64.extend32_s');
        else b.op('i32.wrap_i64').op(f.size === 1 ? 'i32.extend8_s' : 'i32.extend16_s').op('i64.extend_i32_u');
        b.set(d);
        return;
      }
      case 'end': return this.byteOrder(f, d);
      case 'lddw': {
        const p = pc * 4;
        const v = (BigInt(ctx.input.code[p + 3]!) << 32n) | BigInt(ctx.input.code[p + 2]! >>> 0);
        b.i64(v).set(d);
        return;
      }
      case 'ldx': case 'ldxs': {
        const offset = this.address('r', s, insn.off, f.size, pc);
        const op: MemOpName = f.size === 8 ? 'i64.load'
          : f.kind === 'ldx' ? (f.size === 1 ? 'i64.load8_u' : f.size === 2 ? 'i64.load16_u' : 'i64.load32_u')
            : (f.size === 1 ? 'i64.load8_s' : f.size === 2 ? 'i64.load16_s' : 'i64.load32_s');
        b.mem(op, offset).set(d);
        return;
      }
      case 'st': case 'stx': {
        const offset = this.address('w', d, insn.off, f.size, pc);
        if (f.kind === 'st') b.i64n(insn.imm);
        else b.get(s);
        b.mem(f.size === 1 ? 'i64.store8' : f.size === 2 ? 'i64.store16' : f.size === 4 ? 'i64.store32' : 'i64.store', offset);
        return;
      }
      case 'atomic': return this.atomic(f, d, s, insn.off, pc);
      case 'ldabs': case 'ldind': return this.packetLoad(f, k, s, insn.imm);
      case 'ja': case 'ja32': case 'jcc': return; // structured by the caller
      case 'call':
        if (f.op === 'helper') return this.helperCall(k, -1, insn.imm, ctx.input.unwinds(insn.imm));
        if (f.op === 'local') return this.localCall(k);
        throw new Error(`internal: ${f.name} with src ${insn.src} reached code generation`);
      case 'callx': return this.helperCall(k, d, 0, true);
      case 'exit': return this.returnAll();
    }
  }

  /** Pushes the second operand: src (wrapped for 32-bit) or the immediate (sign-extended for 64-bit). */
  private operand(f: Form, s: number, imm: number): void {
    if (f.reg) {
      this.b.get(s);
      if (!f.is64) this.b.op('i32.wrap_i64');
    } else if (f.is64) this.b.i64n(imm);
    else this.b.i32(imm);
  }

  /** Pushes dst (wrapped for 32-bit). */
  private dst(d: number, is64: boolean): void {
    this.b.get(d);
    if (!is64) this.b.op('i32.wrap_i64');
  }

  private alu(f: Form, d: number, s: number, imm: number): void {
    const b = this.b;
    const sum = this.fastSum;
    if (sum && d === sum.acc && f.op === 'add' && f.is64 && f.reg) {
      b.get(sum.into).get(s).op('i64.add').set(sum.into); // regrouped (see `sumAccumulator`)
      return;
    }
    const op = (f.is64 ? SIMPLE_ALU64 : SIMPLE_ALU32)[f.op];
    if (op) {
      this.dst(d, f.is64);
      this.operand(f, s, imm);
      b.op(op);
    } else if (f.op === 'mov') {
      this.operand(f, s, imm);
    } else {
      this.division(f, d, s, imm);
    }
    if (!f.is64) b.op('i64.extend_i32_u');
    b.set(d);
  }

  /**
   * div/mod/sdiv/smod with RFC 9669's rules (x / 0 = 0, x % 0 = x, INT_MIN / -1 = INT_MIN,
   * INT_MIN % -1 = 0), leaving the result on the stack. A constant divisor picks the case at
   * compile time; a register divisor tests for 0 (and for -1 when signed, where wasm's div_s traps).
   */
  private division(f: Form, d: number, s: number, imm: number): void {
    const b = this.b;
    const is64 = f.is64;
    const signed = f.op === 'sdiv' || f.op === 'smod';
    const isMod = f.op === 'mod' || f.op === 'smod';
    const ops = is64 ? DIV64 : DIV32;
    const wasmOp = isMod ? (signed ? ops.rem_s : ops.rem_u) : (signed ? ops.div_s : ops.div_u);
    if (!f.reg) {
      if (imm === 0) this.divideByZero(d, is64, isMod);
      else if (signed && imm === -1) this.divideByMinusOne(d, is64, isMod);
      else { this.dst(d, is64); this.operand(f, s, imm); b.op(wasmOp); }
      return;
    }
    const type = is64 ? i64 : i32;
    this.operand(f, s, imm);
    b.op(ops.eqz).if('', type);
    this.divideByZero(d, is64, isMod);
    b.op('else');
    if (signed) {
      this.operand(f, s, imm);
      if (is64) b.i64n(-1); else b.i32(-1);
      b.op(ops.eq).if('', type);
      this.divideByMinusOne(d, is64, isMod);
      b.op('else');
    }
    this.dst(d, is64); this.operand(f, s, imm); b.op(wasmOp);
    if (signed) b.end();
    b.end();
  }

  /** x / 0 = 0, x % 0 = x. */
  private divideByZero(d: number, is64: boolean, isMod: boolean): void {
    if (isMod) this.dst(d, is64);
    else if (is64) this.b.i64n(0);
    else this.b.i32(0);
  }

  /** x / -1 = -x (wrapping), x % -1 = 0. */
  private divideByMinusOne(d: number, is64: boolean, isMod: boolean): void {
    const b = this.b;
    if (is64) b.i64n(0); else b.i32(0);
    if (isMod) return;
    this.dst(d, is64);
    b.op(is64 ? 'i64.sub' : 'i32.sub');
  }

  private byteOrder(f: Form, d: number): void {
    const b = this.b;
    if (f.op === 'le') {
      if (f.size === 2) b.get(d).i64(0xffffn).op('i64.and').set(d);
      else if (f.size === 4) b.get(d).i64(0xffffffffn).op('i64.and').set(d);
      return;
    }
    // be and bswap: swap the low 16/32 bits (zero-extended) or all 64.
    if (f.size === 2) {
      b.get(d).i64(0xffn).op('i64.and').i64n(8).op('i64.shl');
      b.get(d).i64n(8).op('i64.shr_u').i64(0xffn).op('i64.and').op('i64.or').set(d);
    } else if (f.size === 4) {
      b.get(d).op('i32.wrap_i64').set(this.T32);
      b.get(this.T32).i32(8).op('i32.rotl').i32(0x00ff00ff).op('i32.and');
      b.get(this.T32).i32(8).op('i32.rotr').i32(0xff00ff00 | 0).op('i32.and').op('i32.or').op('i64.extend_i32_u').set(d);
    } else {
      const t = this.T64a;
      b.get(d).i64(0x00ff00ff00ff00ffn).op('i64.and').i64n(8).op('i64.shl');
      b.get(d).i64n(8).op('i64.shr_u').i64(0x00ff00ff00ff00ffn).op('i64.and').op('i64.or').set(t);
      b.get(t).i64(0x0000ffff0000ffffn).op('i64.and').i64n(16).op('i64.shl');
      b.get(t).i64n(16).op('i64.shr_u').i64(0x0000ffff0000ffffn).op('i64.and').op('i64.or');
      b.i64n(32).op('i64.rotl').set(d);
    }
  }

  /** The condition of the jcc at index k, as an i32 on the stack. */
  private condition(k: number): void {
    const { b, ctx } = this;
    const f = ctx.forms[k]!;
    const insn = ctx.input.insns[k]!;
    const d = this.reg(insn.dst), s = this.reg(insn.src);
    const t = f.is64 ? 'i64' : 'i32';
    b.get(d);
    if (!f.is64) b.op('i32.wrap_i64');
    if (f.reg) { b.get(s); if (!f.is64) b.op('i32.wrap_i64'); } else if (f.is64) b.i64n(insn.imm); else b.i32(insn.imm);
    const cmp: Record<string, string> = {
      jeq: 'eq', jne: 'ne', jgt: 'gt_u', jge: 'ge_u', jlt: 'lt_u', jle: 'le_u',
      jsgt: 'gt_s', jsge: 'ge_s', jslt: 'lt_s', jsle: 'le_s',
    };
    if (f.op === 'jset') {
      b.op(`${t}.and` as SimpleOp).op(`${t}.eqz` as SimpleOp).op('i32.eqz');
    } else {
      b.op(`${t}.${cmp[f.op]}` as SimpleOp);
    }
  }

  /**
   * Leaves the linear-memory address for an access of `size` bytes at reg + off on the stack and
   * returns the constant offset the load/store must add.
   */
  private address(cache: 'r' | 'w', reg: number, off: number, size: number, pc: number): number {
    const { b, ctx } = this;
    const frameSize = ctx.input.frameSize;
    if (reg === this.R10 && off >= -frameSize && off + size <= 0) {
      // In this frame by construction: r10 always points at its top.
      b.get(this.FPH);
      return frameSize + off;
    }
    if (cache === 'r' && reg === this.fastInduction && this.roundShift !== undefined) {
      // In an unrolled round whose increments are deferred: i is the round's first value + shift.
      b.get(this.ROUND_HOST);
      if (off + this.roundShift >= 0) return off + this.roundShift;
      b.i32(off + this.roundShift).op('i32.add');
      return 0;
    }
    if (cache === 'r' && reg === this.fastInduction) {
      // Inside a counted loop's unchecked copy: every address was checked before it.
      b.get(reg).op('i32.wrap_i64').get(this.FAST_DELTA).op('i32.add');
      if (off !== 0) b.i32(off).op('i32.add');
      return 0;
    }
    const e = this.entry;
    if (e && cache === 'r' && e.loads.has(this.current) && reg === this.reg(e.reg)) {
      // A load through the entry register, in the copy whose entry check covered it.
      b.get(this.ENTRY_HOST);
      return off - e.minOff;
    }
    const g = this.group;
    if (g && cache === 'r' && reg === this.reg(g.base)) {
      // Inside a load group whose whole span was checked.
      b.get(this.GROUP_HOST);
      return off - g.minOff;
    }
    const c = this.cache[cache];
    b.get(reg);
    if (off !== 0) b.i64n(off).op('i64.add');
    b.get(c.base).op('i64.sub').tee(this.T64b).get(c.limit).op('i64.lt_u');
    b.if('', i32);
    b.get(this.T64b).op('i32.wrap_i64').get(c.host).op('i32.add');
    b.op('else');
    if (this.bailLevel !== undefined) {
      b.br(b.depthTo(this.bailLevel), 'bail');
      b.end();
      return 0;
    }
    b.get(reg).i32(off).i32(size).i32(cache === 'w' ? 1 : 0).i32(pc);
    this.budgetHere();
    b.call(ctx.xlateFn, 'xlate');
    b.globalGet(ctx.g.cacheBase).set(c.base).globalGet(ctx.g.cacheLimit).set(c.limit).globalGet(ctx.g.cacheHost).set(c.host);
    b.end();
    return 0;
  }

  private atomic(f: Form, d: number, s: number, off: number, pc: number): void {
    const b = this.b;
    const H = this.T32, OLD = this.T64a;
    const offset = this.address('w', d, off, f.size, pc);
    if (offset !== 0) b.i32(offset).op('i32.add');
    b.set(H);
    const is64 = f.is64;
    b.get(H).mem(is64 ? 'i64.load' : 'i64.load32_u').set(OLD);
    const store = is64 ? 'i64.store' : 'i64.store32';
    if (f.op === 'cmpxchg') {
      // if (old == r0 (low 32 bits for 32-bit)) store src; r0 = old
      b.get(OLD).get(this.R[0]!);
      if (!is64) b.i64(0xffffffffn).op('i64.and');
      b.op('i64.eq').if();
      b.get(H).get(s).mem(store);
      b.end();
      b.get(OLD).set(this.R[0]!);
      return;
    }
    const fetch = f.name.includes('fetch') || f.op === 'xchg';
    b.get(H);
    if (f.op === 'xchg') b.get(s);
    else {
      b.get(OLD).get(s);
      b.op(f.op === 'add' ? 'i64.add' : f.op === 'or' ? 'i64.or' : f.op === 'and' ? 'i64.and' : 'i64.xor');
    }
    b.mem(store);
    if (fetch) b.get(OLD).set(s);
  }

  /** LD_ABS / LD_IND: r0 = big-endian packet bytes; outside the packet the program stops with r0 = 0. */
  private packetLoad(f: Form, k: number, s: number, imm: number): void {
    const { b, ctx } = this;
    const OFFSET = this.T32;
    b.globalGet(ctx.g.packetId).op('i32.eqz').if();
    b.i32(FaultCode.NO_PACKET).i32(k);
    this.budgetHere();
    b.call(ctx.faultFn, 'fault').op('unreachable');
    b.end();
    if (f.kind === 'ldind') b.get(s).op('i32.wrap_i64').i32(imm).op('i32.add').set(OFFSET);
    else b.i32(imm).set(OFFSET);
    // offset < 0 || offset + size > length → halt
    b.get(OFFSET).i32(0).op('i32.lt_s');
    b.get(OFFSET).i32(f.size).op('i32.add');
    b.globalGet(ctx.g.packetId).i32(REGION_ENTRY_WORDS * MEM_WORD).op('i32.mul').mem('i32.load', REGION_TABLE_OFFSET + 4);
    b.op('i32.gt_u').op('i32.or').if();
    this.halt();
    b.end();
    b.globalGet(ctx.g.packetHost).get(OFFSET).op('i32.add');
    if (f.size === 1) {
      b.mem('i64.load8_u').set(this.R[0]!);
    } else if (f.size === 2) {
      b.mem('i32.load16_u').set(OFFSET);
      b.get(OFFSET).i32(8).op('i32.shl').get(OFFSET).i32(8).op('i32.shr_u').op('i32.or').i32(0xffff).op('i32.and').op('i64.extend_i32_u').set(this.R[0]!);
    } else {
      b.mem('i32.load').set(OFFSET);
      b.get(OFFSET).i32(8).op('i32.rotl').i32(0x00ff00ff).op('i32.and');
      b.get(OFFSET).i32(8).op('i32.rotr').i32(0xff00ff00 | 0).op('i32.and').op('i32.or').op('i64.extend_i32_u').set(this.R[0]!);
    }
  }

  /** Calls helper `id`, or the helper whose id is in register `idReg` (callx) when that is ≥ 0. */
  private helperCall(k: number, idReg: number, id: number, mayHalt: boolean): void {
    const { b, ctx } = this;
    b.i32(ctx.input.pcs[k]!);
    if (idReg >= 0) b.get(idReg).op('i32.wrap_i64');
    else b.i32(id);
    for (let r = 1; r <= 5; r++) b.get(this.R[r]!);
    this.budgetHere();
    b.op('f64.convert_i64_s').call(ctx.helperFn, 'helper').set(this.R[0]!);
    if (mayHalt) {
      b.globalGet(ctx.g.halted).if();
      this.budgetHere();
      b.set(this.BUDGET);
      this.returnAll();
      b.end();
    }
    this.afterCall(false);
  }

  /** A local call ends its block, so the budget is already settled for the caller's part. */
  private localCall(k: number): void {
    const { b, ctx } = this;
    b.get(this.DEPTH).i32(ctx.input.maxFrames - 1).op('i32.ge_u').if();
    b.i32(FaultCode.CALL_DEPTH).i32(k).get(this.BUDGET).call(ctx.faultFn, 'fault').op('unreachable');
    b.end();
    const target = ctx.cfg.subprogramAt.get(callTarget(ctx.input.insns, ctx.validated, k))!;
    for (let r = 0; r < 10; r++) b.get(this.R[r]!);
    b.get(this.BUDGET).get(this.DEPTH).i32(1).op('i32.add');
    const { r, w } = this.cache;
    b.get(r.base).get(r.limit).get(r.host).get(w.base).get(w.limit).get(w.host);
    b.call(ctx.subFns[target]!, ctx.subLabels[target]);
    b.set(this.BUDGET);
    for (let r = 5; r >= 0; r--) b.set(this.R[r]!);
    this.afterCall(true);
  }
}

/** Loads k = first … last through register `base` (see `loadGroup`). */
/** Upper bound on a counted loop's unchecked iterations (keeps every address sum far from wrapping). */
const COUNTED_LOOP_MAX = 1 << 30;
/** Counted loops of at most this many instructions run their unchecked iterations unrolled. */
const COUNTED_UNROLL_BODY = 8;
const COUNTED_UNROLL = 4;

/**
 * A single-block loop `… ; jne i, bound, <itself>` (64-bit) whose induction register i is
 * written once, by `add i, 1` (64-bit), whose bound (a register or the immediate) nothing in the
 * block writes, and whose other instructions are ALU operations and loads through i: no stores,
 * calls or other jumps. Each load's address grows by one per iteration, so checking the first
 * and the last iteration's address checks them all.
 */
interface CountedLoop {
  block: BasicBlock;
  induction: number;
  bound: number | undefined;
  imm: number;
  /** Loads through i: offset, and 1 if i was already incremented (the load follows the add). */
  loads: { off: number; size: number; shift: number }[];
}

function countedLoop(ctx: ModuleContext, blk: BasicBlock): CountedLoop | undefined {
  const { forms, input } = ctx;
  const last = blk.end - 1;
  const jf = forms[last]!, j = input.insns[last]!;
  if (jf.kind !== 'jcc' || jf.op !== 'jne' || !jf.is64) return undefined;
  if (blk.succs.length !== 2 || blk.succs[1] !== blk.id || blk.succs[0] === blk.id) return undefined;
  for (const induction of jf.reg ? [j.dst, j.src] : [j.dst]) {
    const bound = jf.reg ? (induction === j.dst ? j.src : j.dst) : undefined;
    if (induction === 10 || induction === bound) continue;
    let added = false, ok = true;
    const loads: { off: number; size: number; shift: number }[] = [];
    for (let k = blk.start; k < last && ok; k++) {
      const f = forms[k]!, insn = input.insns[k]!;
      if (f.kind === 'ldx' || f.kind === 'ldxs') {
        ok = insn.src === induction && insn.dst !== induction && insn.dst !== bound;
        loads.push({ off: insn.off, size: f.size, shift: added ? 1 : 0 });
      } else if (f.kind === 'alu' || f.kind === 'neg' || f.kind === 'movsx' || f.kind === 'end' || f.kind === 'lddw') {
        if (insn.dst === induction) {
          ok = !added && f.kind === 'alu' && f.op === 'add' && f.is64 && !f.reg && insn.imm === 1;
          added = true;
        } else ok = insn.dst !== bound;
      } else ok = false;
    }
    if (ok && added && loads.length > 0) return { block: blk, induction, bound, imm: j.imm, loads };
  }
  return undefined;
}

/**
 * The register a counted loop only accumulates into: every write to it is a 64-bit
 * `add acc, t` whose t was loaded earlier in the same iteration (and not rewritten since), and
 * no other instruction reads it. Then its adds within unrolled copies can be regrouped.
 */
function sumAccumulator(ctx: ModuleContext, c: CountedLoop): number | undefined {
  const { forms, input } = ctx;
  let acc: number | undefined;
  for (let k = c.block.start; k < c.block.end - 1; k++) {
    const f = forms[k]!, insn = input.insns[k]!;
    if (f.kind === 'alu' && f.op === 'add' && f.is64 && f.reg && insn.dst !== c.induction) {
      if (acc !== undefined && acc !== insn.dst) return undefined;
      acc = insn.dst;
      if (insn.src === acc || !loadedBefore(ctx, c, k, insn.src)) return undefined;
    }
  }
  if (acc === undefined || acc === c.bound) return undefined;
  // Nothing but its own adds may read or write it (the jne reads the induction and bound only).
  for (let k = c.block.start; k < c.block.end - 1; k++) {
    const f = forms[k]!, insn = input.insns[k]!;
    if (f.kind === 'alu' && f.op === 'add' && f.is64 && f.reg && insn.dst === acc) continue;
    if (f.kind === 'ldx' || f.kind === 'ldxs') {
      if (insn.dst === acc) return undefined; // (its base is the induction register, not acc)
    } else if (!(f.kind === 'alu' && insn.dst === c.induction)) return undefined; // `add i, 1`
  }
  return acc;
}

/** Do only the loads (as their base) and the `add i, 1` read the induction register? */
function inductionOnlyAddresses(ctx: ModuleContext, c: CountedLoop): boolean {
  for (let k = c.block.start; k < c.block.end - 1; k++) {
    const f = ctx.forms[k]!, insn = ctx.input.insns[k]!;
    if (f.kind === 'ldx' || f.kind === 'ldxs' || insn.dst === c.induction) continue;
    if (insn.src === c.induction && ((f.kind === 'alu' && f.reg) || f.kind === 'movsx')) return false;
  }
  return true;
}

/** Was register `reg` last written, before instruction k in the loop's block, by a load? */
function loadedBefore(ctx: ModuleContext, c: CountedLoop, k: number, reg: number): boolean {
  for (let j = k - 1; j >= c.block.start; j--) {
    const f = ctx.forms[j]!, insn = ctx.input.insns[j]!;
    if (writesRegister(f, insn, reg)) return f.kind === 'ldx' || f.kind === 'ldxs';
  }
  return false;
}

/** Largest loop-free program whose body is emitted twice for an entry span. */
const ENTRY_SPAN_MAX_INSNS = 256;

/**
 * Loads through one argument register (r1…r5) at points where it still holds its value from
 * entry on every path: in a loop-free program without calls nothing can move or resize a region,
 * so one check at entry of the span [minOff, maxOff] covers each of them (accesses up to 8 bytes).
 */
interface EntrySpan {
  reg: number;
  loads: Set<number>;
  minOff: number;
  maxOff: number;
}

function entrySpan(ctx: ModuleContext, sub: Subprogram): EntrySpan | undefined {
  const { forms, input } = ctx;
  if (sub.blocks.reduce((n, blk) => n + blk.end - blk.start, 0) > ENTRY_SPAN_MAX_INSNS) return undefined;
  let best: EntrySpan | undefined;
  for (let reg = 1; reg <= 5; reg++) {
    // Forward over blocks in reverse postorder (no loops: every predecessor comes first).
    const holdsAtEnd: boolean[] = [];
    const span: EntrySpan = { reg, loads: new Set(), minOff: Infinity, maxOff: -Infinity };
    for (const blk of sub.blocks) {
      let holds = blk.id === 0 || (blk.preds.length > 0 && blk.preds.every((p) => holdsAtEnd[p] === true));
      for (let k = blk.start; k < blk.end; k++) {
        const f = forms[k]!, insn = input.insns[k]!;
        if (holds && (f.kind === 'ldx' || f.kind === 'ldxs') && insn.src === reg) {
          span.loads.add(k);
          span.minOff = Math.min(span.minOff, insn.off);
          span.maxOff = Math.max(span.maxOff, insn.off);
        }
        if (writesRegister(f, insn, reg)) holds = false;
      }
      holdsAtEnd[blk.id] = holds;
    }
    if (span.loads.size >= 2 && (!best || span.loads.size > best.loads.size)) best = span;
  }
  return best;
}

/** Does the instruction (possibly) write register `reg`? Calls clobber r0–r5; unknown kinds count as writes. */
function writesRegister(f: Form, insn: Insn, reg: number): boolean {
  switch (f.kind) {
    case 'alu': case 'neg': case 'movsx': case 'end': case 'lddw': case 'ldx': case 'ldxs': return insn.dst === reg;
    case 'ldabs': case 'ldind': return reg === 0;
    case 'st': case 'stx': case 'ja': case 'ja32': case 'jcc': case 'exit': return false;
    default: return true;
  }
}

interface LoadGroup {
  base: number;
  minOff: number;
  maxOff: number;
  first: number;
  last: number;
}

interface CacheLocals {
  base: number;
  limit: number;
  host: number;
}
