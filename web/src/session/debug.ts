/**
 * `debug`: the debugger panel, on src/debugger's engine (the one behind `tsbpf dbg`). The page
 * holds the position — packet number and instructions executed in that packet's run — and every
 * call rebuilds the engine from the request and replays to it (the machine is deterministic), so a
 * terminated worker loses nothing. Conventions are the engine's: classic programs see the packet
 * as a socket filter; eBPF programs get r1 = packet, r2 = its length (as `tsbpf filter --ebpf`).
 * With `context: 'program-type'`, eBPF programs run instead as `tsbpf run` runs them: the program
 * type's context, maps and helpers (debug-ebpf.ts). With no capture the program runs on one
 * zero-filled 64-byte packet.
 */
import { DebugEngine, type ClassicDump, type DbgOutput, type EbpfDump } from '../../../src/debugger/engine.js';
import type { DebugRequest, DebugSnapshot, ErrorInfo } from './api.js';
import { InputError } from './errors.js';
import { debugEbpf } from './debug-ebpf.js';
import { lineOfPc, type Program, resolveProgram } from './inputs.js';

const ZERO_PACKET_LENGTH = 64;
const DEFAULT_LIMIT = 1_000_000;

type Dump = ClassicDump | EbpfDump;

/** The messages the engine prints when a packet's run has ended. */
const FINISHED = new Set(['(next packet)', '(going back to first packet)']);

/** The capture's packets into the engine (or the zero packet), the requested one selected. */
function loadPackets(engine: DebugEngine, request: DebugRequest): void {
  if (request.capture) {
    const loaded = engine.loadCapture(request.capture.bytes, request.capture.name);
    if (!engine.packets) throw new InputError(`${request.capture.name}: ${messages(loaded).join('; ')}`);
  } else {
    engine.packets = [{ data: new Uint8Array(ZERO_PACKET_LENGTH), caplen: ZERO_PACKET_LENGTH, len: ZERO_PACKET_LENGTH, linkType: 1 }];
  }
  const n = request.packet ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > engine.packets.length) throw new InputError(`no packet #${n}: the capture has ${engine.packets.length}`);
  engine.select(n);
}

/** The program into the engine (the kernel's check for classic ones), then the breakpoints. */
function loadProgram(engine: DebugEngine, program: Program, request: DebugRequest): void {
  const out = program.flavor === 'classic' ? engine.loadClassic(program.prog) : engine.loadEbpf(program.insns);
  if (out.length) {
    // The engine's eBPF machine has no maps or helpers; the program-type context has both.
    const hint = program.flavor === 'ebpf' ? ' (this mode runs without maps or helpers; debug in the program type\'s context instead)' : '';
    throw new InputError(`${messages(out).join('; ')}${engine.lastRejection ? ` (${engine.lastRejection})` : ''}${hint}`);
  }
  engine.select(request.packet ?? 1);
  for (const pc of request.breakpoints ?? []) engine.breakpoint(String(pc));
}

function messages(out: readonly DbgOutput[]): string[] {
  return out.flatMap((o) => (o.kind === 'message' ? [o.text] : []));
}

/** The packet bytes the instruction about to execute reads, for highlighting. */
export function readsOf(dump: Dump, packetStart: bigint | undefined): { start: number; end: number } | undefined {
  const length = dump.packet.data.length;
  const within = (start: number, size: number) => (start >= 0 && start + size <= length ? { start, end: start + size } : undefined);
  const sizeOf = (code: number): number => [4, 2, 1, 8][(code >> 3) & 3]!;
  if (dump.kind === 'classic') {
    const { code, k } = dump.insn;
    const cls = code & 0x07;
    if (cls !== 0x00 && cls !== 0x01) return undefined;
    const mode = code & 0xe0;
    if (mode === 0x20) return within(k | 0, sizeOf(code)); // ABS
    if (mode === 0x40) return within((dump.X + k) | 0, sizeOf(code)); // IND
    if (mode === 0xa0) return within(k | 0, 1); // ldxb 4*([k]&0xf)
    return undefined;
  }
  const insn = dump.insn;
  if (!insn) return undefined;
  const cls = insn.code & 0x07;
  const mode = insn.code & 0xe0;
  if (cls === 0x00 && mode === 0x20) return within(insn.imm, sizeOf(insn.code)); // LD_ABS
  if (cls === 0x00 && mode === 0x40) return within(Number(BigInt.asIntN(32, dump.regs[insn.src]!)) + insn.imm, sizeOf(insn.code)); // LD_IND
  if (cls === 0x01 && packetStart !== undefined) { // LDX: a load through a pointer into the packet
    const address = BigInt.asUintN(64, dump.regs[insn.src]! + BigInt(insn.off));
    return within(Number(address - packetStart), sizeOf(insn.code));
  }
  return undefined;
}

function snapshotOf(dump: Dump, program: Program, engine: DebugEngine, packetIndex: number, extra: {
  executed: number; finished: boolean; returnValue?: number; error?: ErrorInfo; messages: string[]; packetStart: bigint | undefined;
}): DebugSnapshot {
  const line = lineOfPc(program, dump.pc);
  const reads = extra.finished ? undefined : readsOf(dump, extra.packetStart);
  const common = {
    flavor: dump.kind, pc: dump.pc, insn: dump.curr, ...(line !== undefined ? { line } : {}),
    packetIndex, packetCount: engine.packets?.length ?? 0,
    packet: dump.packet.data, ...(reads ? { reads } : {}), executed: extra.executed, finished: extra.finished,
    ...(extra.returnValue !== undefined ? { returnValue: extra.returnValue } : {}), ...(extra.error ? { error: extra.error } : {}),
    breakpoints: [...engine.breakpoints], messages: extra.messages,
  };
  if (dump.kind === 'classic') return { ...common, A: dump.A >>> 0, X: dump.X >>> 0, M: dump.M.map((m) => m >>> 0) };
  return { ...common, regs: dump.regs, stack: dump.stack, stackTop: dump.stackTop };
}

/** What a run returns when it executes `dump`'s instruction last: RET's operand, or eBPF's r0. */
function returnOf(dump: Dump): number {
  if (dump.kind === 'ebpf') return Number(BigInt.asUintN(32, dump.regs[0]!));
  const rval = dump.insn.code & 0x18;
  return (rval === 0x10 ? dump.A : rval === 0x08 ? dump.X : dump.insn.k) >>> 0;
}

export function debug(request: DebugRequest): DebugSnapshot {
  const program = resolveProgram(request.input, request.options);
  const engine = new DebugEngine();
  loadPackets(engine, request);
  if (program.flavor === 'ebpf' && request.context === 'program-type') {
    return debugEbpf(program, request, { packetIndex: request.capture ? engine.current + 1 : 0, packetCount: engine.packets!.length, frame: engine.packets![engine.current]!.data });
  }
  loadProgram(engine, program, request);
  const limit = request.options?.limit ?? DEFAULT_LIMIT;
  const from = request.executed ?? 0;
  const action = request.action;
  let target = action.kind === 'step' ? Math.max(0, from + action.n) : action.kind === 'start' ? 0 : from;
  const untilBreakpoint = action.kind === 'continue';
  if (untilBreakpoint) target = limit;

  const packetIndex = request.capture ? request.packet ?? 1 : 0;
  const start = engine.snapshot();
  const packetStart = start.kind === 'ebpf' ? start.regs[1] : undefined;
  const notes: string[] = [];
  let executed = 0;
  let current: Dump = start;
  while (executed < target) {
    // Stop before a breakpoint, except the one the run is leaving.
    if (untilBreakpoint && executed > from && engine.breakpoints.includes(current.pc)) break;
    const out = engine.step(1).out;
    executed++;
    const said = messages(out);
    const fault = said.find((m) => m.startsWith('(fault: '));
    if (said.some((m) => FINISHED.has(m))) {
      // The run ended with `current`'s instruction (the engine has moved on to the next packet).
      const error: ErrorInfo | undefined = fault === undefined ? undefined : { message: fault.slice('(fault: '.length, -1), kind: 'VmError', pc: current.pc };
      return snapshotOf(current, program, engine, packetIndex, {
        executed, finished: true, ...(error ? { error } : { returnValue: returnOf(current) }), messages: notes, packetStart,
      });
    }
    current = engine.snapshot();
  }
  if (untilBreakpoint && executed >= limit) notes.push(`stopped after ${limit} instructions (the instruction limit) without reaching a breakpoint or the end`);
  return snapshotOf(current, program, engine, packetIndex, { executed, finished: false, messages: notes, packetStart });
}
