/**
 * The JIT as an executor: compiles a program to WebAssembly over the same address space, helper
 * table and stack frames as an interpreter `Vm`, and runs it with the interpreter's results —
 * r0, instruction count, and on a fault the same `VmError` (kind, pc, address, size, message).
 * A program the JIT cannot structure (irreducible control flow, a jump between subprograms) runs
 * in that interpreter instead, and `note` says why.
 *
 * The glue side of the contract in layout.ts: imports that raise the errors (they throw through
 * the wasm frames), the helper trampoline, the packet globals, and the batch entry.
 */
import { VmError } from '../errors.js';
import type { Insn } from '../isa/insn.js';
import type { HelperContext, HelperEntry } from '../vm/helpers.js';
import { type EntryArgs, MAX_CALL_FRAMES, type RunResult, STACK_FRAME_SIZE, Vm, type VmOptions } from '../vm/interpreter.js';
import { REGION_ENTRY_WORDS, type Region } from '../vm/memory.js';
import type { CompiledProgram } from '../vm/program.js';
import { CfgUnsupported } from './cfg.js';
import { generate, type GeneratedModule } from './codegen.js';
import { Exports, FaultCode, Globals, Imports } from './layout.js';

export interface JitOptions extends VmOptions {
  /** Keep the module's WAT text (for `tsbpf jit --dump`). */
  wat?: boolean;
}

interface JitExports {
  run: (r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint) => bigint;
  run32: (r1: number, r2: number, r3: number, r4: number, r5: number) => bigint;
  verdict: (r1: number, r2: number, r3: number, r4: number, r5: number) => number;
  limit: WebAssembly.Global;
  halted: WebAssembly.Global;
  packet_id: WebAssembly.Global;
  packet_host: WebAssembly.Global;
  batch_index: WebAssembly.Global;
}

interface BatchExports extends Omit<JitExports, 'run' | 'run32' | 'verdict'> {
  batch: (count: number, descriptors: number, verdicts: number, r1: bigint, cacheableLengths: bigint) => number;
}

/** What the interpreter keeps private but the JIT must share to fault identically. */
interface InterpreterInternals {
  ctx: HelperContext & { pc: number };
  memoryFault(baseLo: number, baseHi: number, off: number, size: number, access: 'load' | 'store', pc: number, executed: number): VmError;
}

/** Packets copied into a machine's linear memory by `JitVm.stageBatch`. */
export interface StagedBatch {
  readonly count: number;
  readonly host: number;
  readonly generation: number;
}

/**
 * The batch's bound on packet lengths its translation cache may cover, as codegen's `emitBatch`
 * takes it: 8 ≤ length ≤ 0xffff0000 − base is (length − 8) <u this (the rule of `enterInline`).
 */
function cacheableLengths(packet: Region): bigint {
  const most = 0xffff0000 - packet.vmAddr;
  return BigInt(most >= 8 ? most - 7 : 0);
}

/** Are all arguments Numbers in 0..2^32-1 (so the i32 entry point can take them)? */
function allU32(args: EntryArgs): boolean {
  if (args.length > 5) return false;
  for (const a of args) if (typeof a !== 'number' || !(a >= 0 && a <= 0xffffffff && Number.isInteger(a))) return false;
  return true;
}

export class JitVm {
  /** The interpreter over the same program and address space: fallback, and owner of the frames. */
  readonly vm: Vm;
  /** Why the program is interpreted, or undefined when it is compiled. */
  readonly note: string | undefined;
  readonly module: GeneratedModule | undefined;
  /** Milliseconds spent generating and compiling the module. */
  readonly compileMs: number;
  /** Instructions executed by the last run (also after a fault). */
  insnCount = 0;
  /** Batch mode: index of the packet whose run faulted. */
  batchIndex = -1;

  private readonly exports: JitExports | undefined;
  /** The batch module, built on the first `runBatch`. */
  private batchExports: BatchExports | undefined;
  /** The module whose call is in progress (helpers set its `halted`). */
  private active: Pick<JitExports, 'halted'> | undefined;
  private readonly helperById: Map<number, HelperEntry>;
  private readonly keepWat: boolean;
  /** Limit of the run in progress (for counts at faults). */
  private limitOfRun = -1;
  /** Limit the run module's global holds. */
  private limitSet = -1;
  private countAtFault = 0;
  /** Packet region whose id and host offset the module's globals hold. */
  private packetSet: Region | undefined | null = null;
  /** Batch staging area (descriptors, verdicts, packet bytes), invisible to programs. */
  private stagingHost = 0;
  private stagingBytes = 0;
  private batchZeroCopy = false;
  private staged: StagedBatch | undefined;
  private stagings = 0;
  /** Linear-memory bytes only the JIT sees: the instruction count of the last run. */
  private readonly scratchHost: number;
  private scratch: Float64Array;

  constructor(program: readonly Insn[] | CompiledProgram, options: JitOptions = {}) {
    this.vm = new Vm(program, options);
    this.scratchHost = this.vm.space.reserveHost(8);
    this.scratch = new Float64Array(this.vm.space.memory.buffer, this.scratchHost, 1);
    this.helperById = new Map(this.vm.helpers.entries().map((e) => [e.id, e]));
    this.keepWat = options.wat ?? false;
    const t0 = performance.now();
    let note: string | undefined;
    let module: GeneratedModule | undefined;
    let exports: JitExports | undefined;
    try {
      module = this.generate(options.wat ?? false);
      exports = new WebAssembly.Instance(new WebAssembly.Module(module.bytes), this.imports()).exports as unknown as JitExports;
    } catch (e) {
      // Structural reasons are expected; anything else (a JS stack overflow structuring an
      // enormous program, or a JIT bug) must still not stop the program from running.
      module = undefined;
      note = e instanceof CfgUnsupported
        ? `runs in the interpreter: ${e.message}`
        : `runs in the interpreter: the JIT failed (${e instanceof Error ? e.message : String(e)})`;
    }
    this.note = note;
    this.module = module;
    this.exports = exports;
    this.compileMs = performance.now() - t0;
  }

  get engine(): 'jit' | 'interp' {
    return this.exports ? 'jit' : 'interp';
  }

  /** The region LD_ABS / LD_IND read (the interpreter's `packet`). */
  get packet(): Region | undefined {
    return this.vm.packet;
  }

  set packet(region: Region | undefined) {
    this.vm.packet = region;
  }

  get limit(): number {
    return this.vm.limit;
  }

  set limit(n: number) {
    this.vm.limit = n;
  }

  private generate(wat: boolean, mode: 'run' | 'batch' = 'run'): GeneratedModule {
    const frames = this.vm.stackFrames;
    const f0 = frames[0]!, f1 = frames[1]!;
    const frameStride = f0.vmAddr - f1.vmAddr;
    const frameHostStride = f0.hostOffset - f1.hostOffset;
    frames.forEach((f, d) => {
      if (f.vmAddr !== f0.vmAddr - d * frameStride || f.hostOffset !== f0.hostOffset - d * frameHostStride) {
        throw new CfgUnsupported('stack frames are not equally spaced', 0);
      }
    });
    const p = this.vm.program;
    return generate({
      insns: p.insns, pcs: p.pcs, formIds: p.formIds, code: p.code,
      frameTop: f0.vmAddr + STACK_FRAME_SIZE, frameStride, frameHost: f0.hostOffset, frameHostStride,
      frameSize: STACK_FRAME_SIZE, maxFrames: MAX_CALL_FRAMES, scratchHost: this.scratchHost,
      unwinds: (id) => this.helperById.get(id)?.unwindOnZero ?? false,
      wat,
    }, mode);
  }

  private get internals(): InterpreterInternals {
    return this.vm as unknown as InterpreterInternals;
  }

  private imports(): WebAssembly.Imports {
    const pcs = this.vm.program.pcs;
    const fail = (budget: bigint | number): void => { this.countAtFault = this.limitOfRun - Number(budget); };
    // Looked up once: the trampoline runs on every helper call of every packet.
    const ctx = this.internals.ctx;
    const helpers: (HelperEntry | undefined)[] = [];
    for (const [id, entry] of this.helperById) if (id >= 0 && id < 1 << 16) helpers[id] = entry;
    const unsigned = (r: bigint): bigint => (r < 0n ? BigInt.asUintN(64, r) : r);
    return {
      env: {
        [Imports.memory]: this.vm.space.memory,
        [Imports.helper.name]: (pc: number, id: number, r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint, budget: number): bigint => {
          const entry = helpers[id] ?? this.helperById.get(id);
          if (!entry) {
            fail(budget);
            throw new VmError('unknown-helper', `call to unknown helper ${id}`, pc);
          }
          ctx.pc = pc;
          let result: bigint;
          try {
            result = entry.fn(ctx, unsigned(r1), unsigned(r2), unsigned(r3), unsigned(r4), unsigned(r5));
          } catch (e) {
            fail(budget);
            if (e instanceof VmError) throw e;
            throw new VmError('helper-error', `helper ${entry.name} (${id}) failed: ${e instanceof Error ? e.message : String(e)}`, pc);
          }
          if (typeof result !== 'bigint') {
            fail(budget);
            throw new VmError('helper-error', `helper ${entry.name} (${id}) returned ${typeof result}, not a bigint`, pc);
          }
          if (entry.unwindOnZero && BigInt.asUintN(64, result) === 0n) this.active!.halted.value = 1;
          return result;
        },
        [Imports.memfault.name]: (base: bigint, off: number, size: number, write: number, pc: number, budget: bigint): never => {
          fail(budget);
          const u = BigInt.asUintN(64, base);
          throw this.internals.memoryFault(Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0, off, size, write ? 'store' : 'load', pc, 0);
        },
        [Imports.fault.name]: (code: number, index: number, budget: bigint): never => {
          const pc = pcs[index]!;
          if (code === FaultCode.LIMIT) {
            this.countAtFault = this.limitOfRun;
            throw new VmError('instruction-limit', `instruction limit of ${this.limitOfRun} reached`, pc);
          }
          fail(budget);
          if (code === FaultCode.CALL_DEPTH) throw new VmError('call-depth', `call depth exceeds ${MAX_CALL_FRAMES} frames`, pc);
          throw new VmError('out-of-bounds', 'ld_abs/ld_ind: no packet region is attached to this run', pc);
        },
      },
    };
  }

  /** Brings the run module's globals up to date with the machine (only what changed: globals are slow to set). */
  private prepare(): JitExports {
    const x = this.exports!;
    this.active = x;
    const packet = this.vm.packet;
    if (packet !== this.packetSet) {
      x.packet_id.value = packet ? packet.id : 0;
      x.packet_host.value = packet ? packet.hostOffset : 0;
      this.packetSet = packet;
    }
    this.limitOfRun = this.vm.limit;
    if (this.limitOfRun !== this.limitSet) {
      this.limitSet = this.limitOfRun;
      x.limit.value = BigInt(this.limitOfRun);
    }
    return x;
  }

  private prepareBatch(): BatchExports {
    if (!this.batchExports) {
      const module = this.generate(false, 'batch');
      this.batchZeroCopy = module.zeroCopy;
      this.batchExports = new WebAssembly.Instance(new WebAssembly.Module(module.bytes), this.imports()).exports as unknown as BatchExports;
    }
    const x = this.batchExports;
    const packet = this.vm.packet!;
    x.packet_id.value = packet.id;
    x.packet_host.value = packet.hostOffset;
    this.limitOfRun = this.vm.limit;
    x.limit.value = BigInt(this.limitOfRun);
    this.active = x;
    return x;
  }

  /** One run in the interpreter (fallback, or a limit the generated code does not check). */
  private interpret(args: EntryArgs): RunResult {
    try {
      return this.vm.run(args);
    } finally {
      this.insnCount = this.vm.insnCount;
    }
  }

  /** Runs the program once with r1..r5 from `args` (r10 at the top of frame 0, the rest 0). */
  run(args: EntryArgs = []): RunResult {
    if (!this.exports) return this.interpret(args);
    const bound = this.module!.pathBound;
    if (bound !== undefined && this.vm.limit < bound) return this.interpret(args);
    const x = this.prepare();
    let r0: bigint;
    try {
      if (allU32(args)) {
        r0 = x.run32(args[0] as number ?? 0, args[1] as number ?? 0, args[2] as number ?? 0, args[3] as number ?? 0, args[4] as number ?? 0);
      } else {
        const a = (i: number): bigint => (i < args.length ? BigInt(args[i]!) : 0n);
        r0 = x.run(a(0), a(1), a(2), a(3), a(4));
      }
    } catch (e) {
      if (e instanceof VmError) this.insnCount = this.countAtFault;
      throw e;
    }
    if (this.scratch.length === 0) this.scratch = new Float64Array(this.vm.space.memory.buffer, this.scratchHost, 1);
    this.insnCount = this.scratch[0]!;
    return { r0: r0 < 0n ? BigInt.asUintN(64, r0) : r0, insnCount: this.insnCount };
  }

  /** Like `run`, but returns only the low 32 bits of r0 (a filter's verdict): no BigInt on the way. */
  runU32(args: EntryArgs = []): number {
    const bound = this.module?.pathBound;
    if (!this.exports || !allU32(args) || (bound !== undefined && this.vm.limit < bound)) return Number(this.run(args).r0 & 0xffffffffn);
    const x = this.prepare();
    let r0: number;
    try {
      r0 = x.verdict(args[0] as number ?? 0, args[1] as number ?? 0, args[2] as number ?? 0, args[3] as number ?? 0, args[4] as number ?? 0);
    } catch (e) {
      if (e instanceof VmError) this.insnCount = this.countAtFault;
      throw e;
    }
    if (this.scratch.length === 0) this.scratch = new Float64Array(this.vm.space.memory.buffer, this.scratchHost, 1);
    this.insnCount = this.scratch[0]!;
    return r0 >>> 0;
  }

  /**
   * Runs the program over many packets: each becomes the packet region's contents (the region
   * must be large enough), r1 = `r1` (default: the packet's address), r2 = its length; returns the
   * low 32 bits of r0 per packet. One wasm call for the whole batch. A fault stops the batch
   * (`batchIndex` names the packet).
   */
  runBatch(packets: readonly Uint8Array[], r1?: bigint): Uint32Array {
    let total = 0;
    for (const p of packets) total += p.length;
    const offsets = new Uint32Array(packets.length), lengths = new Uint32Array(packets.length);
    const data = new Uint8Array(total);
    let at = 0;
    packets.forEach((p, i) => {
      offsets[i] = at;
      lengths[i] = p.length;
      data.set(p, at);
      at += p.length;
    });
    return this.runBatchBuffer(data, offsets, lengths, r1);
  }

  /**
   * `runBatch` over packets that lie in one buffer (as in a capture file): packet i is
   * `data[offsets[i] … offsets[i] + lengths[i])`. The buffer is staged with one copy.
   */
  runBatchBuffer(data: Uint8Array, offsets: Uint32Array, lengths: Uint32Array, r1?: bigint): Uint32Array {
    return this.runStaged(this.stageBatch(data, offsets, lengths), r1);
  }

  /**
   * Copies packets into linear memory for `runStaged` (one staging area per machine: staging
   * again replaces the previous batch). Lets a batch run many times without copying again.
   */
  stageBatch(data: Uint8Array, offsets: Uint32Array, lengths: Uint32Array): StagedBatch {
    const packet = this.vm.packet;
    if (!packet) throw new RangeError('batch runs need a packet region (VmOptions.packet)');
    const n = lengths.length;
    if (offsets.length !== n) throw new RangeError('stageBatch: offsets and lengths differ in length');
    for (let i = 0; i < n; i++) {
      if (lengths[i]! > packet.capacity) throw new RangeError(`packet ${i} of ${lengths[i]} bytes exceeds the packet region's ${packet.capacity}`);
      if (offsets[i]! + lengths[i]! > data.length) throw new RangeError(`packet ${i} lies outside the buffer`);
    }
    const space = this.vm.space;
    // Staging: descriptors (host offset, length) | verdicts | the bytes.
    const dataStart = (n * 12 + 7) & ~7;
    const need = dataStart + data.length;
    if (this.stagingBytes < need) {
      this.stagingBytes = Math.max(need, 1 << 16);
      this.stagingHost = space.reserveHost(this.stagingBytes);
    }
    const base = this.stagingHost;
    const desc = new Uint32Array(space.memory.buffer, base, n * 2);
    for (let i = 0; i < n; i++) {
      desc[2 * i] = base + dataStart + offsets[i]!;
      desc[2 * i + 1] = lengths[i]!;
    }
    space.bytes.set(data, base + dataStart);
    this.staged = { count: n, host: base, generation: ++this.stagings };
    return this.staged;
  }

  /**
   * Runs a staged batch (the most recent `stageBatch` of this machine); see `runBatch`. With
   * `into` (at least `batch.count` long) the verdicts are written there and it is returned:
   * a caller running batch after batch then allocates nothing per batch.
   */
  runStaged(batch: StagedBatch, r1?: bigint, into?: Uint32Array): Uint32Array {
    const packet = this.vm.packet;
    if (!packet) throw new RangeError('batch runs need a packet region (VmOptions.packet)');
    if (batch !== this.staged) throw new RangeError('runStaged: the batch was replaced by a later stageBatch');
    const space = this.vm.space;
    const { count: n, host: base } = batch;
    const bound = this.module?.pathBound;
    if (into && into.length < n) throw new RangeError(`runStaged: ${n} verdicts do not fit in ${into.length}`);
    if (!this.exports || (bound !== undefined && this.vm.limit < bound)) {
      const verdicts = this.interpretStaged(batch, r1 ?? BigInt(packet.vmAddr));
      if (!into) return verdicts;
      into.set(verdicts);
      return into;
    }
    const x = this.prepareBatch();
    // The zero-copy batch repoints the packet region's table entry; put it back afterwards.
    const entry = packet.id * REGION_ENTRY_WORDS;
    const savedHost = space.regionTable[entry + 2]!, savedLength = space.regionTable[entry + 1]!;
    const zeroCopy = this.batchZeroCopy;
    const r1Value = r1 ?? BigInt(packet.vmAddr);
    const lengths = cacheableLengths(packet);
    const verdictsHost = base + n * 8;
    // `batch` returns how many packets it ran: fewer than asked when it bailed out at a packet
    // (see codegen's `bailOutBatch`), which then runs on its own before the batch resumes.
    let done = 0;
    let alone = false;
    try {
      while (done < n) {
        done += x.batch(n - done, base + done * 8, verdictsHost + done * 4, r1Value, lengths);
        if (done === n) break;
        alone = true;
        const desc = new Uint32Array(space.memory.buffer, base + done * 8, 2);
        const verdict = this.runOneStaged(packet, desc[0]!, desc[1]!, r1Value);
        new Uint32Array(space.memory.buffer, verdictsHost + done * 4, 1)[0] = verdict;
        alone = false;
        done++;
        this.active = x;
      }
    } catch (e) {
      this.batchIndex = alone ? done : done + (x.batch_index.value as number);
      if (e instanceof VmError) this.insnCount = this.countAtFault;
      throw e;
    } finally {
      if (zeroCopy) {
        space.regionTable[entry + 2] = savedHost;
        space.regionTable[entry + 1] = savedLength;
      }
    }
    this.batchIndex = -1;
    const verdicts = new Uint32Array(space.memory.buffer, verdictsHost, n);
    if (!into) return verdicts.slice();
    into.set(verdicts);
    return into;
  }

  /**
   * One staged packet of a zero-copy batch through the run module: the packet region points at
   * its bytes, as in the batch loop; the low 32 bits of r0 come back. The caller restores the
   * region's table entry.
   */
  private runOneStaged(packet: Region, host: number, length: number, r1: bigint): number {
    const entry = packet.id * REGION_ENTRY_WORDS;
    const table = this.vm.space.regionTable;
    table[entry + 2] = host;
    table[entry + 1] = length;
    const x = this.prepare();
    x.packet_host.value = host;
    this.packetSet = null; // the next `prepare` puts the region's own host back
    let r0: bigint;
    try {
      r0 = x.run(r1, BigInt(length), 0n, 0n, 0n);
    } catch (e) {
      if (e instanceof VmError) this.insnCount = this.countAtFault;
      throw e;
    }
    return Number(BigInt.asUintN(32, r0));
  }

  /** A staged batch, packet by packet in the interpreter (fallback, or a limit below the path bound). */
  private interpretStaged(batch: StagedBatch, r1: bigint): Uint32Array {
    const packet = this.vm.packet!;
    const space = this.vm.space;
    const verdicts = new Uint32Array(batch.count);
    for (let i = 0; i < batch.count; i++) {
      const desc = new Uint32Array(space.memory.buffer, batch.host + i * 8, 2);
      const host = desc[0]!, length = desc[1]!;
      this.batchIndex = i;
      space.setLength(packet, length);
      space.bytes.copyWithin(packet.hostOffset, host, host + length);
      verdicts[i] = this.vm.runU32([r1, length]);
      this.insnCount = this.vm.insnCount;
    }
    this.batchIndex = -1;
    return verdicts;
  }

  /** The batch module (generated, not instantiated), with WAT if this machine keeps it. */
  batchModule(): GeneratedModule {
    return this.generate(this.keepWat, 'batch');
  }

  /** The generated module as WAT (needs `wat: true`). */
  wat(): string | undefined {
    return this.module?.wat;
  }
}
