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
import type { Region } from '../vm/memory.js';
import type { CompiledProgram } from '../vm/program.js';
import { CfgUnsupported } from './cfg.js';
import { generate, type GeneratedModule } from './codegen.js';
import { Exports, FaultCode, Globals, Imports } from './layout.js';

export interface JitOptions extends VmOptions {
  /** Keep the module's WAT text (for `tsbpf jit --dump`). */
  wat?: boolean;
}

interface JitExports {
  run: (r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint, budget: bigint) => bigint;
  batch: (count: number, descriptors: number, verdicts: number, budget: bigint, r1: bigint) => number;
  budget: WebAssembly.Global;
  halted: WebAssembly.Global;
  packet_id: WebAssembly.Global;
  packet_host: WebAssembly.Global;
  batch_index: WebAssembly.Global;
}

/** What the interpreter keeps private but the JIT must share to fault identically. */
interface InterpreterInternals {
  ctx: HelperContext & { pc: number };
  memoryFault(baseLo: number, baseHi: number, off: number, size: number, access: 'load' | 'store', pc: number, executed: number): VmError;
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
  private readonly helperById: Map<number, HelperEntry>;
  private limitOfRun = 0;
  private countAtFault = 0;
  private staging: Region | undefined;

  constructor(program: readonly Insn[] | CompiledProgram, options: JitOptions = {}) {
    this.vm = new Vm(program, options);
    this.helperById = new Map(this.vm.helpers.entries().map((e) => [e.id, e]));
    const t0 = performance.now();
    let note: string | undefined;
    let module: GeneratedModule | undefined;
    try {
      module = this.generate(options.wat ?? false);
    } catch (e) {
      if (!(e instanceof CfgUnsupported)) throw e;
      note = `runs in the interpreter: ${e.message}`;
    }
    this.note = note;
    this.module = module;
    if (module) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(module.bytes), this.imports());
      this.exports = instance.exports as unknown as JitExports;
    }
    this.compileMs = performance.now() - t0;
  }

  get engine(): 'jit' | 'interp' {
    return this.exports ? 'jit' : 'interp';
  }

  get limit(): number {
    return this.vm.limit;
  }

  set limit(n: number) {
    this.vm.limit = n;
  }

  private generate(wat: boolean): GeneratedModule {
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
      frameSize: STACK_FRAME_SIZE, maxFrames: MAX_CALL_FRAMES,
      unwinds: (id) => this.helperById.get(id)?.unwindOnZero ?? false,
      wat,
    });
  }

  private get internals(): InterpreterInternals {
    return this.vm as unknown as InterpreterInternals;
  }

  private imports(): WebAssembly.Imports {
    const pcs = this.vm.program.pcs;
    const fail = (budget: bigint): void => { this.countAtFault = this.limitOfRun - Number(budget); };
    return {
      env: {
        [Imports.memory]: this.vm.space.memory,
        [Imports.helper.name]: (pc: number, id: number, r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint, budget: bigint): bigint => {
          const entry = this.helperById.get(id);
          if (!entry) {
            fail(budget);
            throw new VmError('unknown-helper', `call to unknown helper ${id}`, pc);
          }
          const ctx = this.internals.ctx;
          ctx.pc = pc;
          let result: bigint;
          try {
            result = entry.fn(ctx, BigInt.asUintN(64, r1), BigInt.asUintN(64, r2), BigInt.asUintN(64, r3), BigInt.asUintN(64, r4), BigInt.asUintN(64, r5));
          } catch (e) {
            fail(budget);
            if (e instanceof VmError) throw e;
            throw new VmError('helper-error', `helper ${entry.name} (${id}) failed: ${e instanceof Error ? e.message : String(e)}`, pc);
          }
          if (typeof result !== 'bigint') {
            fail(budget);
            throw new VmError('helper-error', `helper ${entry.name} (${id}) returned ${typeof result}, not a bigint`, pc);
          }
          if (entry.unwindOnZero && BigInt.asUintN(64, result) === 0n) this.exports!.halted.value = 1;
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

  private prepare(): JitExports {
    const x = this.exports!;
    const packet = this.vm.packet;
    x.packet_id.value = packet ? packet.id : 0;
    x.packet_host.value = packet ? packet.hostOffset : 0;
    x.halted.value = 0;
    this.limitOfRun = this.vm.limit;
    return x;
  }

  /** Runs the program once with r1..r5 from `args` (r10 at the top of frame 0, the rest 0). */
  run(args: EntryArgs = []): RunResult {
    if (!this.exports) {
      try {
        return this.vm.run(args);
      } finally {
        this.insnCount = this.vm.insnCount;
      }
    }
    const x = this.prepare();
    const a = (i: number): bigint => (i < args.length ? BigInt(args[i]!) : 0n);
    let r0: bigint;
    try {
      r0 = x.run(a(0), a(1), a(2), a(3), a(4), BigInt(this.limitOfRun));
    } catch (e) {
      if (e instanceof VmError) this.insnCount = this.countAtFault;
      throw e;
    }
    this.insnCount = this.limitOfRun - Number(x.budget.value as bigint);
    return { r0: BigInt.asUintN(64, r0), insnCount: this.insnCount };
  }

  /**
   * Runs the program over many packets: each is copied into the packet region (which must be
   * large enough), r1 = `r1` (default: the packet's address), r2 = its length; returns the low
   * 32 bits of r0 per packet. One wasm call for the whole batch. A fault stops the batch
   * (`batchIndex` names the packet).
   */
  runBatch(packets: readonly Uint8Array[], r1?: bigint): Uint32Array {
    const packet = this.vm.packet;
    if (!packet) throw new RangeError('batch runs need a packet region (VmOptions.packet)');
    const space = this.vm.space;
    let total = 0;
    for (const p of packets) {
      if (p.length > packet.capacity) throw new RangeError(`packet of ${p.length} bytes exceeds the packet region's ${packet.capacity}`);
      total += (p.length + 7) & ~7;
    }
    const arg = r1 ?? BigInt(packet.vmAddr);
    const verdicts = new Uint32Array(packets.length);
    if (!this.exports) {
      packets.forEach((p, i) => {
        this.batchIndex = i;
        space.setLength(packet, p.length);
        space.bytes.set(p, packet.hostOffset);
        verdicts[i] = Number(this.vm.run([arg, p.length]).r0 & 0xffffffffn);
      });
      this.batchIndex = -1;
      return verdicts;
    }
    const n = packets.length;
    const need = n * 12 + total;
    if (!this.staging || this.staging.capacity < need) {
      this.staging = space.map('jit-batch-staging', Math.max(need, 1 << 16), { writable: false });
    }
    const base = this.staging.hostOffset;
    const desc = base, out = base + n * 8;
    let data = out + n * 4;
    data = (data + 7) & ~7;
    const view = space.view;
    packets.forEach((p, i) => {
      view.setUint32(desc + i * 8, data, true);
      view.setUint32(desc + i * 8 + 4, p.length, true);
      space.bytes.set(p, data);
      data += (p.length + 7) & ~7;
    });
    const x = this.prepare();
    try {
      x.batch(n, desc, out, BigInt(this.limitOfRun), arg);
    } catch (e) {
      this.batchIndex = x.batch_index.value as number;
      if (e instanceof VmError) this.insnCount = this.countAtFault;
      throw e;
    }
    this.batchIndex = -1;
    verdicts.set(new Uint32Array(space.memory.buffer, out, n));
    return verdicts;
  }

  /** The generated module as WAT (needs `wat: true`). */
  wat(): string | undefined {
    return this.module?.wat;
  }
}
