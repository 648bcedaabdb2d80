/**
 * The debugger for eBPF programs: the program runs as `tsbpf run` runs it (src/runtime's object
 * instance: the program type's context, maps, helpers, tail calls) on the selected packet, through
 * an engine of our own — the interpreter stepped one instruction at a time — that stops at the
 * requested position and takes a snapshot. The page holds the position (instructions executed);
 * every call replays the packet's run from a fresh instance, so stepping back is replaying less.
 * Maps start empty for each replay: the packet is debugged as if it were the first one.
 */
import type { ProgTypeName } from '../../../src/loader/sections.js';
import { progTypeInfo } from '../../../src/progtypes/index.js';
import { ObjectInstance, type EngineFactory } from '../../../src/runtime/instance.js';
import { formatKernel } from '../../../src/text/kernel-disasm.js';
import { Vm } from '../../../src/vm/interpreter.js';
import type { Region } from '../../../src/vm/memory.js';
import { VmError } from '../../../src/errors.js';
import type { DebugRequest, DebugSnapshot, ErrorInfo } from './api.js';
import { errorInfo } from './errors.js';
import { asObject, type EbpfProgram, lineOfPc } from './inputs.js';

const DEFAULT_LIMIT = 1_000_000;
/** The zero-filled context of a program type whose context the user supplies (raw tracepoints' args[]). */
const USER_CONTEXT_SIZE = 512;

/** Thrown by the stepping engine to leave the run at the requested position. */
class Paused extends Error {}

/** Where the packet's bytes are, as the context's `data` and `data_end` fields say (xdp_md, __sk_buff). */
const DATA_FIELDS: Partial<Record<'xdp' | 'skb', [number, number]>> = { xdp: [0, 4], skb: [76, 80] };

interface Position {
  /** 1-based packet number shown, 0 for the zero packet. */
  packetIndex: number;
  packetCount: number;
  frame: Uint8Array;
}

export function debugEbpf(program: EbpfProgram, request: DebugRequest, position: Position): DebugSnapshot {
  const type = program.progType as ProgTypeName;
  const info = progTypeInfo(type);
  const limit = request.options?.limit ?? DEFAULT_LIMIT;
  const breakpoints = request.breakpoints ?? [];
  const from = request.executed ?? 0;
  const action = request.action;
  const untilBreakpoint = action.kind === 'continue';
  const target = action.kind === 'step' ? Math.max(0, from + action.n) : action.kind === 'start' ? 0 : limit;

  let executed = 0;
  let ctxAddr: number | undefined;
  let snapshot: DebugSnapshot | undefined;
  /** The state before the last instruction, kept while it runs (the snapshot of a finished run). */
  let beforeLast: DebugSnapshot | undefined;

  const take = (vm: Vm, extra: Partial<DebugSnapshot> = {}): DebugSnapshot => {
    const index = vm.program.pcs.indexOf(vm.pc);
    const insn = index < 0 ? undefined : vm.program.insns[index];
    const frame = vm.stackFrames[vm.depth]!;
    const packet = packetOf(vm);
    const regs = Array.from({ length: 11 }, (_, i) => vm.register(i));
    const reads = packet && insn ? readsOf(insn, regs, packet.start, packet.bytes.length, info.packet) : undefined;
    const line = vm.program === entry ? lineOfPc(program, vm.pc) : undefined;
    return {
      flavor: 'ebpf', pc: vm.pc, insn: `l${vm.pc}:\t${insn ? formatKernel(insn) : '<outside the program>'}`, ...(line !== undefined ? { line } : {}),
      regs, stack: vm.space.bytes.slice(frame.hostOffset, frame.hostOffset + 512), stackTop: frame.vmAddr + 512,
      packetIndex: position.packetIndex, packetCount: position.packetCount, packet: packet?.bytes ?? position.frame,
      ...(reads ? { reads } : {}), executed, finished: false, breakpoints: [...breakpoints], messages: [], ...extra,
    };
  };

  const packetOf = (vm: Vm): { start: number; bytes: Uint8Array } | undefined => {
    const fields = info.packet === 'none' ? undefined : DATA_FIELDS[info.packet];
    if (ctxAddr === undefined || !fields) return undefined;
    const view = new DataView(vm.space.read(ctxAddr + fields[0], 8).buffer);
    const start = view.getUint32(0, true);
    const end = view.getUint32(fields[1] - fields[0], true);
    return end >= start ? { start, bytes: vm.space.read(start, end - start) } : undefined;
  };

  let entry: unknown;
  const stepping: EngineFactory = (compiled, options) => {
    const vm = new Vm(compiled, options);
    entry ??= vm.program;
    return {
      get packet(): Region | undefined { return vm.packet; },
      set packet(p: Region | undefined) { vm.packet = p; },
      get insnCount() { return vm.insnCount; },
      run(args) {
        ctxAddr ??= Number(args[0]);
        vm.start(args);
        for (;;) {
          const atBreakpoint = untilBreakpoint && executed > from && breakpoints.includes(vm.pc);
          if (executed >= target || atBreakpoint) {
            snapshot = take(vm);
            throw new Paused();
          }
          const exiting = vm.depth === 0 && vm.program.insns[vm.program.pcs.indexOf(vm.pc)]?.code === 0x95;
          if (exiting) beforeLast = take(vm);
          try {
            if (vm.step(1)) {
              executed++;
              return { r0: vm.r0(), insnCount: vm.insnCount };
            }
          } catch (e) {
            if (e instanceof VmError && e.kind !== 'tail-call') beforeLast = take(vm, { pc: e.pc });
            throw e;
          }
          executed++;
        }
      },
    };
  };

  const instance = new ObjectInstance(asObject(program), { limit, engine: stepping });
  const index = program.object?.index ?? 0;
  let r0: bigint;
  try {
    r0 = info.packet === 'none'
      ? instance.runContext(index, new Uint8Array(info.ctxSize || USER_CONTEXT_SIZE)).r0
      : instance.runPacket(index, position.frame, { type, copyOut: false }).r0;
  } catch (e) {
    if (e instanceof Paused) {
      const s = snapshot!;
      if (untilBreakpoint && !breakpoints.includes(s.pc)) s.messages.push(`stopped after ${limit} instructions (the instruction limit) without reaching a breakpoint or the end`);
      return s;
    }
    const error: ErrorInfo = errorInfo(e);
    if (!beforeLast) throw e; // a load-time error (unknown helper, bad map reference): the caller reports it
    return { ...beforeLast, executed, finished: true, error };
  }
  return { ...(beforeLast ?? snapshot!), executed, finished: true, returnValue: Number(BigInt.asUintN(32, r0)) };
}

/** The packet bytes the instruction about to execute reads, relative to the packet's data. */
function readsOf(insn: { code: number; src: number; off: number; imm: number }, regs: bigint[], dataStart: number, length: number, kind: 'xdp' | 'skb' | 'none'):
  { start: number; end: number } | undefined {
  const size = [4, 2, 1, 8][(insn.code >> 3) & 3]!;
  const within = (start: number) => (start >= 0 && start + size <= length ? { start, end: start + size } : undefined);
  const cls = insn.code & 0x07;
  const mode = insn.code & 0xe0;
  if (cls === 0x00 && mode === 0x20 && kind === 'skb') return within(insn.imm); // LD_ABS
  if (cls === 0x00 && mode === 0x40 && kind === 'skb') return within(Number(BigInt.asIntN(32, regs[insn.src]!)) + insn.imm); // LD_IND
  if (cls === 0x01 && (mode === 0x60 || mode === 0x80)) { // LDX MEM / MEMSX through a pointer
    return within(Number(BigInt.asUintN(64, regs[insn.src]! + BigInt(insn.off)) - BigInt(dataStart)));
  }
  return undefined;
}
