/**
 * A loaded object made runnable, as libbpf + BPF_PROG_TEST_RUN would: its maps created in one
 * address space (global data initialised, `.rodata` read-only to programs, map-in-map templates
 * and `.values` initialisers applied), its programs compiled for the VM with map references
 * resolved, kernel helpers registered, and per-type contexts built for each run. Tail calls
 * continue in the target program with the same context; loop / for_each_map_elem callbacks run
 * in a helper VM over the same compiled program.
 */
import { LoadError, VmError } from '../errors.js';
import { CODE_ADDR_TAG, HelperEnv, type HelperEnvOptions } from '../helpers/env.js';
import { kernelHelpers, TailCall } from '../helpers/kernel.js';
import { registerLegacyTableHelpers } from '../helpers/legacy.js';
import { helperProto } from '../helpers/protos.js';
import { CORE_POISON_IMM } from '../loader/core-relo.js';
import { isGplCompatible } from '../loader/rfc2014.js';
import { helperName } from '../isa/helpers.js';
import { LdImm64Src, type Insn } from '../isa/index.js';
import type { BpfObject, LoadedProgram } from '../loader/object.js';
import type { ProgTypeName } from '../loader/sections.js';
import { ArrayMap } from '../maps/array.js';
import { RingBufMap, PerfEventArrayMap, type MapEvent } from '../maps/events.js';
import type { BpfMap } from '../maps/map.js';
import { MapRegistry } from '../maps/registry.js';
import { errnoName, MAP_TYPE, type MapDef } from '../maps/types.js';
import { progTypeInfo } from '../progtypes/index.js';
import { SkbBuffer } from '../progtypes/skb.js';
import { XdpBuffer } from '../progtypes/xdp.js';
import { jitEngine } from './engines.js';
import type { HelperTable } from '../vm/helpers.js';
import { Vm } from '../vm/interpreter.js';
import { AddressSpace, type Region } from '../vm/memory.js';
import { compile, type CompiledProgram } from '../vm/program.js';

/**
 * What runs a program's entry point: the JIT by default (engines.ts), or the interpreter's `Vm`
 * through `InstanceOptions.engine`; an engine must run in the given address space with the
 * given helpers, read LD_ABS/LD_IND from `packet`, and let helper exceptions (tail calls) through.
 */
export interface ProgramRunner {
  run(args: readonly (bigint | number)[]): { r0: bigint; insnCount: number };
  packet: Region | undefined;
  /** Instructions executed by the last run, also when it ended in an exception. */
  readonly insnCount: number;
  /** What actually runs the program (the JIT may fall back to the interpreter); absent: the interpreter. */
  readonly engine?: 'jit' | 'interp';
}

export type EngineFactory = (program: CompiledProgram, options: { space: AddressSpace; helpers: HelperTable; limit: number }) => ProgramRunner;

export interface InstanceOptions extends HelperEnvOptions {
  /**
   * Engine for entry points (default: the JIT, which runs a program it cannot compile in the
   * interpreter). Callbacks always run in the interpreter.
   */
  engine?: EngineFactory;
  /** CPUs for per-CPU maps (default 1). */
  cpus?: number;
  /** Instruction limit per run (default 1,000,000). */
  limit?: number;
  /** Largest packet the buffers must hold (default 9216). */
  maxPacket?: number;
  /** Socket filters: see the packet from the Ethernet header (AF_PACKET) instead of test-run's L3. */
  l2?: boolean;
  /** License to assume when the object has no `license` section (GPL-only helpers need a GPL-compatible one). */
  license?: string;
}

export interface RunOutcome {
  r0: bigint;
  /** Instructions executed, tail-called programs and callbacks included. */
  insnCount: number;
  /** Program that returned (differs from the entry after tail calls). */
  program: string;
  /** The packet afterwards (packet types): as BPF_PROG_TEST_RUN's data_out. Absent with `copyOut: false`. */
  packet?: Uint8Array;
  /** The frame alone (XDP: without metadata), for writing captures. Absent with `copyOut: false`. */
  frame?: Uint8Array;
  redirect?: { ifindex: number; flags: number; map?: string };
}

export interface PacketRunOptions {
  /** Program type to run as (default: the program's own). */
  type?: ProgTypeName;
  /** Copy the resulting packet out (default true); throughput runs skip it. */
  copyOut?: boolean;
}

interface ProgramSlot {
  prog: LoadedProgram;
  id: number;
  compiled?: CompiledProgram;
  vm?: ProgramRunner;
  /** VMs for callbacks, one per nesting level. */
  callbackVms: Vm[];
}

export class ObjectInstance {
  readonly object: BpfObject;
  readonly space: AddressSpace;
  readonly registry: MapRegistry;
  readonly env: HelperEnv;
  readonly helpers: HelperTable;
  /** Maps by the object's map index (what LD_IMM64 `imm` names). */
  readonly maps: BpfMap[];
  private readonly programs: ProgramSlot[];
  private readonly limit: number;
  private readonly options: InstanceOptions;
  private xdpBuffer: XdpBuffer | undefined;
  private skbBuffers = new Map<boolean, SkbBuffer>();
  private blobCtx: Region | undefined;
  private callbackDepth = 0;
  /** The program executing now (callbacks belong to it). */
  private running: ProgramSlot | undefined;
  /** The skb packet region of the current run (for LD_ABS / LD_IND), if any. */
  private ldAbsPacket: Region | undefined;
  private executed = 0;

  constructor(object: BpfObject, options: InstanceOptions = {}) {
    this.object = object;
    this.options = options;
    this.space = new AddressSpace();
    this.registry = new MapRegistry({ space: this.space, cpus: options.cpus ?? 1 });
    this.env = new HelperEnv(this.registry, options);
    this.helpers = kernelHelpers(this.env);
    this.limit = options.limit ?? 1_000_000;
    this.programs = object.programs.map((prog) => ({ prog, id: this.registry.registerProgram(prog.name), callbackVms: [] }));
    this.maps = object.maps.map((def) => this.createMap(def));
    registerLegacyTableHelpers(this.helpers, this.env, this.maps); // 2014-format images
    for (const map of this.maps) this.applyInitialSlots(map);
    this.env.invokeCallback = (target, args) => this.callback(target, args);
  }

  private createMap(def: MapDef): BpfMap {
    const fixed: MapDef = { ...def };
    // Loaders fill max_entries 0 at run time; the number of CPUs is what they usually choose.
    if (fixed.maxEntries === 0) fixed.maxEntries = this.registry.cpus;
    // Map-in-map and fd arrays hold 4-byte ids whatever the definition says (libbpf fixes the
    // sizes the same way; legacy definitions often leave them 0 or give the event's size).
    const holdsIds = [MAP_TYPE.array_of_maps, MAP_TYPE.hash_of_maps, MAP_TYPE.prog_array, MAP_TYPE.perf_event_array].includes(fixed.type as 3);
    if (holdsIds) fixed.valueSize = 4;
    if (holdsIds && fixed.type !== MAP_TYPE.hash_of_maps) fixed.keySize = 4;
    const map = this.registry.tryCreate(fixed);
    if (typeof map === 'number') {
      throw new LoadError(`map '${def.name}' cannot be created (${errnoText(map)}): type ${def.type}, key ${def.keySize}, value ${def.valueSize}, max_entries ${def.maxEntries}`, def.section, def.offset);
    }
    return map;
  }

  private applyInitialSlots(map: BpfMap): void {
    for (const slot of map.def.initSlots ?? []) {
      const key = new Uint8Array(new Uint32Array([slot.index]).buffer);
      const target = map.def.type === MAP_TYPE.prog_array
        ? this.programs.find((p) => p.prog.name === slot.target)?.id
        : this.maps.find((m) => m.def.name === slot.target)?.id;
      if (target === undefined) throw new LoadError(`map '${map.def.name}': initial value '${slot.target}' is not a known ${map.def.type === MAP_TYPE.prog_array ? 'program' : 'map'}`, map.def.section, map.def.offset);
      map.update(key, new Uint8Array(new Uint32Array([target]).buffer), 0);
    }
  }

  /** A map by name. */
  map(name: string): BpfMap | undefined {
    return this.maps.find((m) => m.def.name === name);
  }

  /** Program index by function or section name; throws `LoadError` listing the choices. */
  findProgram(selector: { section?: string; program?: string }): number {
    const i = this.programs.findIndex((p) => (selector.program === undefined || p.prog.name === selector.program || p.prog.function === selector.program)
      && (selector.section === undefined || p.prog.section === selector.section));
    if (i < 0) {
      const names = this.programs.map((p) => `${p.prog.section}/${p.prog.name}`).join(', ') || 'none';
      throw new LoadError(`no program matches ${selector.program ?? selector.section ?? 'the selection'} (programs: ${names})`, selector.section ?? 'object');
    }
    return i;
  }

  programAt(index: number): LoadedProgram {
    return this.slot(index).prog;
  }

  /** Puts a program into a prog_array slot (user space's bpf_map_update_elem with a prog fd). */
  setTailCall(mapName: string, index: number, program: string): void {
    const map = this.map(mapName);
    const target = this.programs.findIndex((p) => p.prog.name === program);
    if (!map || target < 0) throw new LoadError(`cannot set ${mapName}[${index}] = ${program}`, 'prog_array');
    const r = map.update(new Uint8Array(new Uint32Array([index]).buffer), new Uint8Array(new Uint32Array([this.programs[target]!.id]).buffer), 0);
    if (r < 0) throw new LoadError(`cannot set ${mapName}[${index}] = ${program}: ${errnoText(r)}`, 'prog_array');
  }

  /** The engine that runs program `index` (compiling it if it is not yet). */
  engineOf(index: number): 'jit' | 'interp' {
    return this.vmFor(index).engine ?? 'interp';
  }

  /** Compiles program `index` now, so load-time errors (unknown helpers, externs) come before any run. */
  prepare(index: number): void {
    this.vmFor(index);
  }

  private slot(index: number): ProgramSlot {
    const s = this.programs[index];
    if (!s) throw new RangeError(`program index ${index} out of range`);
    return s;
  }

  private compiled(s: ProgramSlot): CompiledProgram {
    if (!s.compiled) this.checkHelpers(s.prog);
    s.compiled ??= compile(s.prog.insns, { helpers: this.helpers, resolveImm64: (insn, pc) => this.resolve(insn, pc, s.prog) });
    return s.compiled;
  }

  private vmFor(index: number): ProgramRunner {
    return this.runnerOf(this.slot(index));
  }

  private runnerOf(s: ProgramSlot): ProgramRunner {
    if (s.vm) return s.vm;
    const engine = this.options.engine ?? jitEngine;
    s.vm = engine(this.compiled(s), { space: this.space, helpers: this.helpers, limit: this.limit });
    return s.vm;
  }

  /** An unknown or unimplemented helper is a load-time error naming it, like the kernel's. */
  private checkHelpers(prog: LoadedProgram): void {
    let pc = 0;
    for (const insn of prog.insns) {
      // A CO-RE poison call (libbpf's failed relocation) is only an error if reached: the
      // interpreter and JIT fault on it with its pc, as the kernel's verifier rejects it.
      if (insn.code === 0x85 && insn.src === 0 && insn.imm !== CORE_POISON_IMM && !this.helpers.has(insn.imm)) {
        const name = helperName(insn.imm);
        throw new LoadError(`pc ${pc}: ${name ? `helper ${name}#${insn.imm} is not implemented by tsbpf (see docs/helpers.md)` : `unknown helper #${insn.imm}`}`, prog.section);
      }
      // The kernel's words (check_helper_call). Without a `license` section the license is empty,
      // as libbpf passes it, unless the caller supplies one (old loaders did: `--license GPL`).
      const license = this.object.license || (this.options.license ?? '');
      if (insn.code === 0x85 && insn.src === 0 && helperProto(insn.imm)?.gplOnly && !isGplCompatible(license)) {
        throw new LoadError(`pc ${pc}: cannot call GPL-restricted function from non-GPL compatible program: ${helperName(insn.imm)}#${insn.imm} (license '${license}')`, prog.section);
      }
      if (insn.code === 0x85 && insn.src === 2) {
        const ext = prog.externs.find((e) => prog.insns[e.insn] === insn);
        throw new LoadError(`pc ${pc}: kfunc ${ext?.name ?? `#${insn.imm}`} is not available outside the kernel`, prog.section);
      }
      pc += insn.hi === undefined ? 1 : 2;
    }
  }

  /** LD_IMM64 with src 1..6: map handles, global-data addresses, function addresses. */
  private resolve(insn: Insn, pc: number, prog: LoadedProgram): bigint {
    switch (insn.src) {
      case LdImm64Src.MAP_BY_FD: case LdImm64Src.MAP_BY_IDX: {
        const map = this.maps[insn.imm];
        if (!map) throw new LoadError(`pc ${pc}: map index ${insn.imm} does not exist`, prog.section);
        return BigInt(map.handle);
      }
      case LdImm64Src.MAP_VALUE_BY_FD: case LdImm64Src.MAP_VALUE_BY_IDX: {
        const map = this.maps[insn.imm];
        if (!(map instanceof ArrayMap)) throw new LoadError(`pc ${pc}: map value reference into map ${insn.imm}, which is not an array`, prog.section);
        return BigInt(map.addressOf(0) + (insn.hi ?? 0));
      }
      case LdImm64Src.CODE_ADDR:
        return CODE_ADDR_TAG | BigInt(pc + 1 + insn.imm);
      default: {
        const ext = prog.externs.find((e) => prog.insns[e.insn] === insn);
        throw new LoadError(`pc ${pc}: extern '${ext?.name ?? '?'}' (kfunc/ksym/kconfig) cannot be resolved outside the kernel`, prog.section);
      }
    }
  }

  /** Runs program `index` with r1 = `ctxAddr`, following tail calls. */
  runRaw(index: number, args: readonly (bigint | number)[]): { r0: bigint; insnCount: number; program: string } {
    let current = index;
    this.executed = 0;
    for (;;) {
      const slot = this.slot(current);
      const vm = this.runnerOf(slot);
      this.running = slot;
      vm.packet = this.ldAbsPacket; // LD_ABS / LD_IND read the socket buffer
      try {
        const r = vm.run(args);
        return { r0: r.r0, insnCount: this.executed + r.insnCount, program: slot.prog.name };
      } catch (e) {
        if (!(e instanceof TailCall)) throw e;
        this.executed += vm.insnCount;
        current = e.target;
      }
    }
  }

  private callback(target: number, args: bigint[]): bigint {
    // The callback is a function of the program that is running (after tail calls: the last one).
    const owner = this.running;
    if (!owner) throw new VmError('helper-error', 'callback without a running program', 0);
    const depth = this.callbackDepth++;
    try {
      owner.callbackVms[depth] ??= new Vm(this.compiled(owner), { space: this.space, helpers: this.helpers, limit: this.limit });
      const vm = owner.callbackVms[depth]!;
      vm.start(args);
      vm.pc = target;
      while (!vm.step(this.limit)) { /* step throws when the meter runs out */ }
      this.executed += vm.insnCount;
      return vm.r0();
    } finally {
      this.callbackDepth--;
    }
  }

  /** Runs a packet program (xdp, socket_filter, sched_cls/act) on one frame. */
  runPacket(index: number, frame: Uint8Array, options: PacketRunOptions = {}): RunOutcome {
    const type = options.type ?? this.slot(index).prog.type;
    const copyOut = options.copyOut ?? true;
    const kind = progTypeInfo(type).packet;
    if (kind === 'xdp') {
      this.xdpBuffer ??= new XdpBuffer(this.space, this.options.maxPacket ?? 9216);
      const buf = this.xdpBuffer;
      buf.load(frame);
      this.env.beginRun(buf.ctx.vmAddr, buf);
      const r: RunOutcome = this.runRaw(index, [buf.ctx.vmAddr]);
      if (copyOut) {
        r.packet = buf.output();
        r.frame = buf.frame();
      }
      if (this.env.redirect) r.redirect = this.env.redirect;
      return r;
    }
    if (kind === 'skb') {
      const l2 = type !== 'socket_filter' || (this.options.l2 ?? false);
      let buf = this.skbBuffers.get(l2);
      if (!buf) {
        buf = new SkbBuffer(this.space, this.options.maxPacket ?? 9216, { l2 });
        this.skbBuffers.set(l2, buf);
      }
      buf.load(frame);
      this.env.beginRun(buf.ctx.vmAddr, buf);
      this.ldAbsPacket = buf.packet;
      const r: RunOutcome = this.runRaw(index, [buf.ctx.vmAddr]);
      this.ldAbsPacket = undefined;
      if (copyOut) r.packet = r.frame = buf.output();
      if (this.env.redirect) r.redirect = this.env.redirect;
      return r;
    }
    throw new LoadError(`program type ${type} does not take packets (use a context blob)`, this.slot(index).prog.section);
  }

  /** Runs a non-packet program with a read-only context blob (pt_regs, tracepoint record, …). */
  runContext(index: number, ctx: Uint8Array): RunOutcome {
    if (!this.blobCtx || this.blobCtx.capacity < ctx.length) this.blobCtx = this.space.map('ctx', Math.max(ctx.length, 256), { writable: false });
    this.space.setLength(this.blobCtx, ctx.length);
    this.space.bytes.set(ctx, this.blobCtx.hostOffset);
    this.env.beginRun(this.blobCtx.vmAddr, undefined);
    return this.runRaw(index, [this.blobCtx.vmAddr]);
  }

  /** Events written to ring buffers and perf event arrays so far, in order per map. */
  events(): MapEvent[] {
    return this.registry.maps.flatMap((m) => (m instanceof RingBufMap || m instanceof PerfEventArrayMap ? m.events : []));
  }
}

function errnoText(code: number): string {
  return errnoName(code);
}
