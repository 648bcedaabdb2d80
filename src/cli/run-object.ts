/**
 * `tsbpf run OBJ …` for ELF objects (the branch `tsbpf run` takes when its file is an ELF object):
 *
 *   tsbpf run OBJ [--section S | --program NAME] [--type T] --pcap IN [-w OUT] [--repeat N]
 *                 [--maps-dump] [--json] [--cpus N] [--limit N] [--l2] [--license L] [--engine jit|interp]
 *   tsbpf run OBJ [--section S | --program NAME] [--type T] --ctx FILE [--maps-dump] [--json]
 *
 * With a capture, the program runs once per packet (the whole capture `--repeat` times) as
 * BPF_PROG_TEST_RUN would run it, and prints a verdict histogram (`XDP_PASS 812`), trace_printk
 * lines, ring-buffer / perf events, and with `--maps-dump` the final map contents; `--json` prints
 * all of it as one JSON object. `-w` writes the packets that were not dropped, after any rewrite,
 * to a pcap (socket filters: truncated to the length they kept). With `--ctx`, the program runs
 * once on that context blob (kprobe pt_regs, tracepoint record, …).
 */
import { VmError } from '../errors.js';
import { isElfObject, isRfc2014Image, loadObject } from '../loader/index.js';
import { PROG_TYPE_ID, type ProgTypeName } from '../loader/sections.js';
import { collectingOutput, parseCapture, type PacketRecord, PcapWriter } from '../pcap/index.js';
import { progTypeInfo } from '../progtypes/index.js';
import { ENGINES } from '../runtime/engines.js';
import { ObjectInstance, type RunOutcome } from '../runtime/instance.js';
import { dropped, hex, mapDump, mapTextRows, verdictLabel } from '../runtime/report.js';
import { readKernelBtf } from '../node/kernel-btf.js';
import { type Io, UsageError } from './io.js';

const USAGE = `usage: tsbpf run OBJ [--section S | --program NAME] [--type T] (--pcap IN [-w OUT] [--repeat N] | --ctx FILE)
                [--maps-dump] [--json] [--cpus N] [--limit N] [--l2] [--license L] [--engine jit|interp]`;

interface ObjectRunArgs {
  file: string;
  section?: string;
  program?: string;
  type?: ProgTypeName;
  pcap?: string;
  write?: string;
  ctx?: string;
  repeat: number;
  mapsDump: boolean;
  json: boolean;
  cpus: number;
  limit: number;
  l2: boolean;
  license?: string;
  engine: string;
}

/** True when `tsbpf run`'s program argument is an ELF object or a 2014 image (sniffed by content). */
export async function isObjectRun(argv: string[], io: Io): Promise<boolean> {
  const valueOptions = new Set(['--mem', '--mem-file', '--limit', '--engine', '--section', '--program', '--type', '--pcap', '-w', '--ctx', '--repeat', '--cpus', '--license']);
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (valueOptions.has(a)) { k++; continue; }
    if (a.startsWith('-')) continue;
    try {
      const bytes = await io.readFile(a);
      return isElfObject(bytes) || isRfc2014Image(bytes);
    } catch {
      return false;
    }
  }
  return false;
}

function positiveInt(option: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} must be a positive integer, not '${v}'`);
  return n;
}

function parseArgs(argv: string[]): ObjectRunArgs {
  const a: Partial<ObjectRunArgs> & Pick<ObjectRunArgs, 'repeat' | 'mapsDump' | 'json' | 'cpus' | 'limit' | 'l2' | 'engine'> = {
    repeat: 1, mapsDump: false, json: false, cpus: 1, limit: 1_000_000, l2: false, engine: 'jit',
  };
  for (let k = 0; k < argv.length; k++) {
    const opt = argv[k]!;
    const value = (): string => {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${opt} needs a value\n${USAGE}`);
      return v;
    };
    switch (opt) {
      case '--section': a.section = value(); break;
      case '--program': a.program = value(); break;
      case '--type': {
        const t = value();
        if (!(t in PROG_TYPE_ID)) throw new UsageError(`--type must be a program type (${Object.keys(PROG_TYPE_ID).join(', ')}), not '${t}'`);
        a.type = t as ProgTypeName;
        break;
      }
      case '--pcap': a.pcap = value(); break;
      case '-w': a.write = value(); break;
      case '--ctx': a.ctx = value(); break;
      case '--repeat': a.repeat = positiveInt(opt, value()); break;
      case '--cpus': a.cpus = positiveInt(opt, value()); break;
      case '--limit': a.limit = positiveInt(opt, value()); break;
      case '--maps-dump': a.mapsDump = true; break;
      case '--json': a.json = true; break;
      case '--l2': a.l2 = true; break;
      case '--license': a.license = value(); break;
      case '--engine': {
        const e = value();
        if (!(e in ENGINES)) throw new UsageError(`--engine must be one of ${Object.keys(ENGINES).join(', ')}, not '${e}'`);
        a.engine = e;
        break;
      }
      case '-h': case '--help': throw new UsageError(USAGE);
      default:
        if (opt.startsWith('-')) throw new UsageError(`unknown option ${opt}\n${USAGE}`);
        if (a.file !== undefined) throw new UsageError(`one object file only\n${USAGE}`);
        a.file = opt;
    }
  }
  if (a.file === undefined) throw new UsageError(`missing object file\n${USAGE}`);
  if ((a.pcap === undefined) === (a.ctx === undefined)) throw new UsageError(`give either --pcap IN or --ctx FILE\n${USAGE}`);
  if (a.write !== undefined && a.pcap === undefined) throw new UsageError('-w needs --pcap');
  return a as ObjectRunArgs;
}

export { mapDump } from '../runtime/report.js';

export default async function runObject(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv);
  // CO-RE relocations and __ksym externs resolved against Linux 6.18's BTF, as libbpf would load it.
  const object = loadObject(await io.readFile(args.file), { file: args.file, kernelBtf: () => readKernelBtf() });
  const engine = ENGINES[args.engine];
  const instance = new ObjectInstance(object, {
    cpus: args.cpus, limit: args.limit, l2: args.l2,
    ...(args.license !== undefined ? { license: args.license } : {}), ...(engine ? { engine } : {}),
  });
  const index = args.section === undefined && args.program === undefined && object.programs.length > 0
    ? 0 : instance.findProgram({ section: args.section, program: args.program });
  const program = instance.programAt(index);
  instance.prepare(index);
  const type = args.type ?? program.type;
  const histogram = new Map<string, number>();
  let runs = 0;
  let insns = 0;
  let written = 0;
  const { out, bytes: pcapBytes } = collectingOutput();
  let writer: PcapWriter | undefined;
  let failure: unknown;

  let ctxR0: bigint | undefined;
  if (args.ctx !== undefined) {
    const r = instance.runContext(index, await io.readFile(args.ctx));
    histogram.set(verdictLabel(type, r.r0), 1);
    ctxR0 = r.r0;
    runs = 1;
    insns = r.insnCount;
  } else {
    const capture = parseCapture(await io.readFile(args.pcap!));
    const packets = capture.items.filter((i): i is PacketRecord => i.kind === 'packet');
    if (progTypeInfo(type).packet === 'none') throw new UsageError(`program type ${type} does not take packets; use --ctx FILE`);
    try {
      for (let rep = 0; rep < args.repeat; rep++) {
        for (const p of packets) {
          let r: RunOutcome;
          try {
            r = instance.runPacket(index, p.data, { type, copyOut: args.write !== undefined && rep === 0 });
          } catch (e) {
            if (e instanceof VmError) throw new VmError(e.kind, `packet ${p.index + 1}: ${e.detail}`, e.pc, e.address, e.size);
            throw e;
          }
          runs++;
          insns += r.insnCount;
          const label = verdictLabel(type, r.r0);
          histogram.set(label, (histogram.get(label) ?? 0) + 1);
          if (args.write !== undefined && rep === 0 && !dropped(type, r.r0)) {
            writer ??= new PcapWriter(out, { linkType: p.linkType });
            let frame = r.frame ?? p.data;
            if (type === 'socket_filter') frame = frame.subarray(0, Math.min(frame.length, Number(BigInt.asUintN(32, r.r0))));
            writer.writePacket(frame, frame.length, p.tsHigh, p.tsLow);
            written++;
          }
        }
      }
    } catch (e) {
      failure = e; // report what was processed, then the error
    }
    if (args.write !== undefined) {
      writer ??= new PcapWriter(out, { linkType: packets[0]?.linkType ?? 1 });
      await io.writeFile(args.write, pcapBytes());
    }
  }

  const events = instance.events();
  if (args.json) {
    io.stdout(`${JSON.stringify({
      program: program.name, section: program.section, type, runs, instructions: insns,
      verdicts: Object.fromEntries(histogram), trace: instance.env.trace,
      events: events.map((e) => ({ map: e.map, cpu: e.cpu, data: hex(e.data) })),
      maps: instance.maps.map(mapDump),
      ...(args.write !== undefined ? { written } : {}),
    }, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...[...histogram.keys()].map((k) => k.length));
    // One run on a context blob: r0 itself; a capture: the verdict histogram.
    const lines = ctxR0 !== undefined
      ? [`r0 = 0x${ctxR0.toString(16)} (${BigInt.asIntN(64, ctxR0)})`, `instructions: ${insns}`]
      : [...histogram].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k.padEnd(width)} ${n}`);
    for (const t of instance.env.trace) lines.push(`trace: ${t}`);
    const byMap = new Map<string, number>();
    for (const e of events) byMap.set(e.map, (byMap.get(e.map) ?? 0) + 1);
    for (const [m, n] of byMap) lines.push(`events: ${m}: ${n} record${n === 1 ? '' : 's'}`);
    if (args.mapsDump) {
      for (const m of instance.maps) {
        const d = mapDump(m);
        lines.push(`map ${d.name} (${d.type}): ${d.entries.length} entr${d.entries.length === 1 ? 'y' : 'ies'}`);
        // Arrays' all-zero elements are summarised (--json has them all); BTF types print keys and values.
        const { rows, hidden } = mapTextRows(object, m);
        for (const r of rows) lines.push(`  ${r.key} = ${r.value}`);
        if (hidden > 0) lines.push(`  (${hidden} all-zero entries not shown)`);
      }
    }
    if (args.write !== undefined) lines.push(`wrote ${written} packet${written === 1 ? '' : 's'} to ${args.write}`);
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
  }
  if (failure !== undefined) throw failure;
  return 0;
}
