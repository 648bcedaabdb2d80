/**
 * `debug`: the debugger panel. The page holds the position — packet number and instructions
 * executed in that packet's run — and every call rebuilds the machine from the request and replays
 * to it (runs are deterministic), so a terminated worker loses nothing. Classic programs run on
 * src/debugger's engine (the one behind `tsbpf dbg`), seeing the packet as a socket filter; eBPF
 * programs run as `tsbpf run` runs them, with their program type's context (debug-ebpf.ts). With no
 * capture the program runs on one zero-filled 64-byte packet.
 */
import { DebugEngine, type ClassicDump, type DbgOutput } from '../../../src/debugger/engine.js';
import type { DebugRequest, DebugSnapshot } from './api.js';
import { InputError } from './errors.js';
import { debugEbpf } from './debug-ebpf.js';
import { type ClassicProgram, lineOfPc, resolveProgram } from './inputs.js';

const ZERO_PACKET_LENGTH = 64;
const DEFAULT_LIMIT = 1_000_000;

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

function loadClassic(engine: DebugEngine, program: ClassicProgram, request: DebugRequest): void {
  const out = engine.loadClassic(program.prog);
  if (out.length) throw new InputError(`${messages(out).join('; ')}${engine.lastRejection ? ` (${engine.lastRejection})` : ''}`);
  engine.select(request.packet ?? 1);
  for (const pc of request.breakpoints ?? []) engine.breakpoint(String(pc));
}

function messages(out: readonly DbgOutput[]): string[] {
  return out.flatMap((o) => (o.kind === 'message' ? [o.text] : []));
}

/** The packet bytes the instruction about to execute reads, for highlighting. */
export function readsOf(dump: ClassicDump): { start: number; end: number } | undefined {
  const { code, k } = dump.insn;
  const cls = code & 0x07;
  if (cls !== 0x00 && cls !== 0x01) return undefined;
  const size = [4, 2, 1, 0][(code >> 3) & 3]!;
  const within = (start: number, n: number) => (start >= 0 && start + n <= dump.packet.data.length ? { start, end: start + n } : undefined);
  switch (code & 0xe0) {
    case 0x20: return within(k | 0, size); // [k]
    case 0x40: return within((dump.X + k) | 0, size); // [x + k]
    case 0xa0: return within(k | 0, 1); // 4 * ([k] & 0xf)
    default: return undefined;
  }
}

function snapshotOf(dump: ClassicDump, program: ClassicProgram, engine: DebugEngine, packetIndex: number, extra: {
  executed: number; finished: boolean; returnValue?: number; messages: string[];
}): DebugSnapshot {
  const line = lineOfPc(program, dump.pc);
  const reads = extra.finished ? undefined : readsOf(dump);
  return {
    flavor: 'classic', pc: dump.pc, insn: dump.curr, ...(line !== undefined ? { line } : {}),
    A: dump.A >>> 0, X: dump.X >>> 0, M: dump.M.map((m) => m >>> 0),
    packetIndex, packetCount: engine.packets?.length ?? 0, packet: dump.packet.data, ...(reads ? { reads } : {}),
    executed: extra.executed, finished: extra.finished, ...(extra.returnValue !== undefined ? { returnValue: extra.returnValue } : {}),
    breakpoints: [...engine.breakpoints], messages: extra.messages,
  };
}

/** What a run returns when it executes `dump`'s RET instruction last: its operand. */
function returnOf(dump: ClassicDump): number {
  const rval = dump.insn.code & 0x18;
  return (rval === 0x10 ? dump.A : rval === 0x08 ? dump.X : dump.insn.k) >>> 0;
}

export function debug(request: DebugRequest): DebugSnapshot {
  const program = resolveProgram(request.input, request.options);
  const engine = new DebugEngine();
  loadPackets(engine, request);
  if (program.flavor === 'ebpf') {
    const packet = engine.packets![engine.current]!;
    return debugEbpf(program, request, { packetIndex: request.capture ? engine.current + 1 : 0, packetCount: engine.packets!.length, frame: packet.data });
  }
  loadClassic(engine, program, request);
  const limit = request.options?.limit ?? DEFAULT_LIMIT;
  const from = request.executed ?? 0;
  const action = request.action;
  let target = action.kind === 'step' ? Math.max(0, from + action.n) : action.kind === 'start' ? 0 : from;
  const untilBreakpoint = action.kind === 'continue';
  if (untilBreakpoint) target = limit;

  const packetIndex = request.capture ? request.packet ?? 1 : 0;
  const snap = (): ClassicDump => engine.snapshot() as ClassicDump;
  const notes: string[] = [];
  let executed = 0;
  let current = snap();
  while (executed < target) {
    // Stop before a breakpoint, except the one the run is leaving.
    if (untilBreakpoint && executed > from && engine.breakpoints.includes(current.pc)) break;
    const out = engine.step(1).out;
    executed++;
    if (messages(out).some((m) => FINISHED.has(m))) {
      // The run ended with `current`'s instruction (the engine has moved on to the next packet).
      return snapshotOf(current, program, engine, packetIndex, { executed, finished: true, returnValue: returnOf(current), messages: notes });
    }
    current = snap();
  }
  if (untilBreakpoint && executed >= limit) notes.push(`stopped after ${limit} instructions (the instruction limit) without reaching a breakpoint or the end`);
  return snapshotOf(current, program, engine, packetIndex, { executed, finished: false, messages: notes });
}
