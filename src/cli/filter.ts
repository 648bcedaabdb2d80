/**
 * `tsbpf filter PROG -r IN [-w OUT] [--count]` — runs a BPF program over every packet of a capture and
 * keeps what it accepts, like a socket filter: the return value is the snap length (0 drops the packet,
 * n keeps min(n, caplen) bytes; the original length is kept). The output has the input's format, byte
 * order, link types and timestamp resolution.
 *
 * PROG is, in this order of preference:
 *  - a file: an eBPF ELF object (or any file with `--ebpf`: raw bytecode or assembly), otherwise a classic
 *    program in any format (bpf_asm source, `tcpdump -ddd`/`-dd`/`-d` text, bpf_asm output, raw bytes);
 *  - inline bpf_asm output (`4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0`);
 *  - a pcap-filter expression (all remaining words, as tcpdump takes them), compiled per link type.
 *
 * eBPF convention (the conformance runner's): r1 = address of the packet bytes, r2 = caplen, LD_ABS/LD_IND
 * read the packet, the verdict is the low 32 bits of r0.
 *
 * `--engine jit` (the default) compiles a classic program to JavaScript (src/classic-jit) and an eBPF
 * program to WebAssembly (src/jit); what they cannot compile runs in the interpreter. `--engine interp`
 * uses the interpreters only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkClassic, parseClassicProgram, type ClassicProfile } from '../classic/index.js';
import { PcapError, TsbpfError } from '../errors.js';
import { fileChunks, fileOutput } from '../node/capture-files.js';
import { filterChunks, type FilterStats } from '../pcap/filter-stream.js';
import type { Engine } from '../jit/run.js';
import { type CompileFilter, makeVerdict, type Program } from '../runtime/filter-verdict.js';
import { type Io, UsageError } from './io.js';
import { isElfObject } from '../loader/index.js';

const USAGE = 'usage: tsbpf filter PROG|EXPR -r IN [-w OUT] [--count] [--engine interp|jit] [--ebpf] [--profile linux|libpcap] [-s SNAPLEN]';

/** A bad capture, named with its file. */
class CaptureFileError extends TsbpfError {
  override readonly name = 'CaptureFileError';
  constructor(file: string, e: PcapError) {
    super(e.detail, `${file}: offset ${e.offset}`);
  }
}

interface Options {
  prog: string[];
  input: string | undefined;
  output: string | undefined;
  count: boolean;
  engine: Engine;
  ebpf: boolean;
  profile: ClassicProfile | undefined;
  snaplen: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { prog: [], input: undefined, output: undefined, count: false, engine: 'jit', ebpf: false, profile: undefined, snaplen: 262144 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    switch (a) {
      case '-r': o.input = value(); break;
      case '-w': o.output = value(); break;
      case '--count': case '-c': o.count = true; break;
      case '--ebpf': o.ebpf = true; break;
      case '-s': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`bad snap length '${v}'`);
        o.snaplen = Number(v) || 262144;
        break;
      }
      case '--engine': {
        const v = value();
        if (v !== 'interp' && v !== 'jit') throw new UsageError(`--engine must be interp or jit, not '${v}'`);
        o.engine = v;
        break;
      }
      case '--profile': {
        const v = value();
        if (v !== 'linux' && v !== 'libpcap') throw new UsageError(`--profile must be linux or libpcap, not '${v}'`);
        o.profile = v;
        break;
      }
      case '-h': case '--help': throw new UsageError(USAGE);
      default:
        if (a.startsWith('-') && a.length > 1 && o.prog.length === 0 && !/^-\d/.test(a)) throw new UsageError(`unknown option ${a}\n${USAGE}`);
        o.prog.push(a);
    }
  }
  if (o.prog.length === 0) throw new UsageError(`missing program or filter expression\n${USAGE}`);
  if (o.input === undefined) throw new UsageError(`missing -r IN\n${USAGE}`);
  return o;
}

// The verdict functions live in the core (the web playground counts with them too).
export { makeVerdict, type Program } from '../runtime/filter-verdict.js';

/** eBPF support (loader, assemblers, VM, JIT) is loaded only for eBPF programs, to keep start-up short. */
async function loadEbpf(bytes: Uint8Array, file: string): Promise<Program> {
  const [{ loadEbpfProgram }, { createExecutor }] = await Promise.all([import('./programs.js'), import('../jit/run.js')]);
  return { kind: 'ebpf', insns: loadEbpfProgram(bytes, file), createExecutor };
}

async function resolveProgram(o: Options): Promise<Program> {
  const first = o.prog[0]!;
  if (o.prog.length === 1 && existsSync(first) && statSync(first).isFile()) {
    const bytes = new Uint8Array(readFileSync(first));
    if (o.ebpf || isElfObject(bytes)) return loadEbpf(bytes, first);
    const prog = parseClassicProgram(bytes, first);
    checkClassic(prog, o.profile ?? 'linux');
    return { kind: 'classic', prog };
  }
  const text = o.prog.join(' ');
  if (/^\s*\d+\s*,/.test(text)) {
    const prog = parseClassicProgram(text, '<argument>', 'bpf_asm-output');
    checkClassic(prog, o.profile ?? 'linux');
    return { kind: 'classic', prog };
  }
  return { kind: 'expression', text };
}

/**
 * The filter compiler, loaded only when an expression is given. The expression's syntax is checked
 * here, before any packet is read; link-type errors come with the first packet of that link type.
 */
async function loadCompiler(text: string): Promise<CompileFilter> {
  const { compileFilter, parseFilter } = await import('../filter/index.js');
  parseFilter(text);
  return compileFilter;
}

export default async function filter(argv: string[], io: Io): Promise<number> {
  const o = parseArgs(argv);
  const program = await resolveProgram(o);
  const input = o.input!;
  const verdict = makeVerdict(program, o.snaplen, program.kind === 'expression' ? await loadCompiler(program.text) : undefined, o.engine);

  const sink = o.output !== undefined ? fileOutput(o.output) : undefined;
  const stats: FilterStats = { accepted: 0, total: 0, bytesRead: 0 };
  const size = input === '-' ? 0 : fileSize(input);
  let lastShown = 0;
  const progress = io.isTTY && size > 0
    ? (s: FilterStats) => {
      const now = Date.now();
      if (now - lastShown < 250) return;
      lastShown = now;
      io.stderr(`\r${Math.floor((100 * s.bytesRead) / size)}% ${s.accepted}/${s.total}`);
    }
    : undefined;
  const say = o.output === '-' ? io.stderr : io.stdout;
  const close = (): void => {
    sink?.close();
    if (lastShown) io.stderr('\r\x1b[K');
  };
  const summary = (): void => say(o.count ? `${stats.accepted}\n` : `${stats.accepted}/${stats.total}\n`);
  try {
    filterChunks(fileChunks(input), verdict, { out: sink?.out, stats, onChunk: progress });
  } catch (e) {
    close();
    // A damaged capture: everything read before the damage has been judged and written; report, then fail.
    if (e instanceof PcapError) {
      summary();
      throw new CaptureFileError(input, e);
    }
    throw e;
  }
  close();
  summary();
  return 0;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
