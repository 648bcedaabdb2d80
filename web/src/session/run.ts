/**
 * `runCapture`: the program over every packet of a capture, counted as the CLI counts — eBPF as
 * `tsbpf run OBJ --pcap CAP --maps-dump` (BPF_PROG_TEST_RUN's contexts per program type, the
 * verdict histogram, trace_printk lines, ring-buffer / perf events, the maps afterwards), classic
 * programs and filter expressions as `tsbpf filter PROG -r CAP` (accepted/total). eBPF assembly
 * runs as a one-program object with its directives' maps.
 *
 * A run that stops early (instruction limit, fault, damaged capture) keeps its counts and says why.
 */
import { checkClassic } from '../../../src/classic/index.js';
import { PcapError, VmError } from '../../../src/errors.js';
import { compileFilter } from '../../../src/filter/index.js';
import type { ProgTypeName } from '../../../src/loader/sections.js';
import { CaptureReader, type PacketRecord } from '../../../src/pcap/reader.js';
import { filterChunks, type FilterStats } from '../../../src/pcap/filter-stream.js';
import { progTypeInfo } from '../../../src/progtypes/index.js';
import { ENGINES } from '../../../src/runtime/engines.js';
import { makeVerdict } from '../../../src/runtime/filter-verdict.js';
import { ObjectInstance } from '../../../src/runtime/instance.js';
import { mapDump, mapTextRows, verdictLabel } from '../../../src/runtime/report.js';
import type { Capture, EngineName, ErrorInfo, MapTable, Options, ProgramInput, RunResult } from './api.js';
import { errorInfo, InputError } from './errors.js';
import { asObject, type ClassicProgram, type EbpfProgram, resolveProgram } from './inputs.js';

export type Progress = (fraction: number) => void;

const DEFAULT_LIMIT = 1_000_000;
/** How often (in packets, or 64 KiB input chunks) progress is posted. */
const PROGRESS_EVERY = 256;
const CHUNK = 1 << 16;

/** The error of a stopped run, with a word on what to do when it is the instruction limit. */
function stopped(e: unknown): ErrorInfo {
  const info = errorInfo(e);
  if (e instanceof VmError && e.kind === 'instruction-limit') {
    info.message += ' — the program ran too long on this packet (a loop without end?); the counts above are for the packets before it';
  }
  return info;
}

/** The text `tsbpf run OBJ --pcap CAP --maps-dump` prints for these results. */
export function runSummaryText(r: Pick<RunResult, 'histogram' | 'trace' | 'events' | 'maps'>): string {
  const width = Math.max(0, ...Object.keys(r.histogram).map((k) => k.length));
  const lines = Object.entries(r.histogram).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k.padEnd(width)} ${n}`);
  for (const t of r.trace) lines.push(`trace: ${t}`);
  for (const e of r.events) lines.push(`events: ${e.map}: ${e.records} record${e.records === 1 ? '' : 's'}`);
  for (const m of r.maps) {
    const n = m.rows.length + m.hidden;
    lines.push(`map ${m.name} (${m.type}): ${n} entr${n === 1 ? 'y' : 'ies'}`);
    for (const row of m.rows) lines.push(`  ${row.key} = ${row.value}`);
    if (m.hidden > 0) lines.push(`  (${m.hidden} all-zero entries not shown)`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function runEbpf(program: EbpfProgram, capture: Capture, engine: EngineName, limit: number, progress: Progress): RunResult {
  const object = asObject(program);
  const index = program.object?.index ?? 0;
  const type = program.progType as ProgTypeName;
  if (progTypeInfo(type).packet === 'none') throw new InputError(`program type ${type} does not take packets, so it cannot run over a capture`);
  const factory = ENGINES[engine];
  const instance = new ObjectInstance(object, { limit, ...(factory ? { engine: factory } : {}) });
  instance.prepare(index);

  const packets: PacketRecord[] = [];
  let error: ErrorInfo | undefined;
  const reader = new CaptureReader();
  try {
    reader.push(capture.bytes);
    reader.end();
    // The reader's records are views into its buffer: keep a copy of each.
    for (let p = reader.nextPacket(); p; p = reader.nextPacket()) packets.push({ ...p, data: p.data.slice() });
  } catch (e) {
    if (!(e instanceof PcapError)) throw e;
    // Run the packets before the damage, then say where it is.
    error = { ...errorInfo(e), message: `${capture.name}: offset ${e.offset}: ${e.detail} (the ${packets.length} packets before it were run)` };
  }

  const histogram: Record<string, number> = {};
  let runs = 0;
  let instructions = 0;
  try {
    for (const p of packets) {
      const r = instance.runPacket(index, p.data, { type, copyOut: false });
      runs++;
      instructions += r.insnCount;
      const label = verdictLabel(type, r.r0);
      histogram[label] = (histogram[label] ?? 0) + 1;
      if (runs % PROGRESS_EVERY === 0) progress(runs / packets.length);
    }
  } catch (e) {
    if (e instanceof VmError) error = stopped(new VmError(e.kind, `packet ${runs + 1}: ${e.detail}`, e.pc, e.address, e.size));
    else error = stopped(e);
  }

  const byMap = new Map<string, number>();
  for (const e of instance.events()) byMap.set(e.map, (byMap.get(e.map) ?? 0) + 1);
  const maps: MapTable[] = instance.maps.map((m) => {
    const { rows, hidden } = mapTextRows(object, m);
    return { name: m.def.name, type: mapDump(m).type, rows, hidden };
  });
  const result: RunResult = {
    histogram, summary: '', packets: packets.length, runs, instructions, trace: [...instance.env.trace],
    events: [...byMap].map(([map, records]) => ({ map, records })), maps, engine, ...(error ? { error } : {}),
  };
  result.summary = runSummaryText(result);
  return result;
}

/** Input split in chunks, so that the filter loop reports progress between them. */
function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

function runClassic(program: ClassicProgram, capture: Capture, engine: EngineName, progress: Progress): RunResult {
  if (!program.filter) checkClassic(program.prog, 'linux'); // as `tsbpf filter` loads a classic program
  const verdict = program.filter
    ? makeVerdict({ kind: 'expression', text: program.filter.text }, 262144, compileFilter, engine)
    : makeVerdict({ kind: 'classic', prog: program.prog }, 262144, undefined, engine);
  const stats: FilterStats = { accepted: 0, total: 0, bytesRead: 0 };
  let error: ErrorInfo | undefined;
  let n = 0;
  try {
    filterChunks(chunks(capture.bytes), verdict, { stats, onChunk: (s) => { if (++n % PROGRESS_EVERY === 0) progress(s.bytesRead / capture.bytes.length); } });
  } catch (e) {
    error = e instanceof PcapError
      ? { ...errorInfo(e), message: `${capture.name}: offset ${e.offset}: ${e.detail} (the ${stats.total} packets before it were judged)` }
      : stopped(e);
  }
  const histogram: Record<string, number> = {};
  if (stats.accepted) histogram.KEEP = stats.accepted;
  if (stats.total - stats.accepted) histogram.DROP = stats.total - stats.accepted;
  return {
    histogram, summary: `${stats.accepted}/${stats.total}\n`, packets: stats.total, runs: stats.total, instructions: 0,
    trace: [], events: [], maps: [], engine, ...(error ? { error } : {}),
  };
}

export function runCapture(input: ProgramInput, capture: Capture, options: Options = {}, progress: Progress = () => {}): RunResult {
  const program = resolveProgram(input, options);
  const engine = options.engine ?? 'jit';
  const result = program.flavor === 'ebpf'
    ? runEbpf(program, capture, engine, options.limit ?? DEFAULT_LIMIT, progress)
    : runClassic(program, capture, engine, progress);
  progress(1);
  return result;
}

