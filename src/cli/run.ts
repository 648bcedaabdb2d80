/**
 * `tsbpf run FILE [--mem HEX | --mem-file F] [--limit N] [--engine jit|interp]` — runs an eBPF program
 * once with the conformance-suite conventions (r1 = input memory, r2 = its length, helpers 0..5 of
 * the conformance corpora) and prints r0 and the number of instructions executed. A fault is a
 * one-line `VmError` (pc, address, size) and exit code 1.
 *
 * FILE is raw bytecode, hex text (`b7 00 00 00 2a 00 00 00 …`), or assembly (`.s`/`.asm`, or any
 * text that is not hex) in either syntax. Structure, so other inputs and engines are additions:
 * `parseArgs` → `loadProgram` (file → `Runnable`) → `ENGINES[engine]` → `report`.
 */
import type { Insn } from '../isa/insn.js';
import { parseHexBytes, looksLikeHex } from '../text/hex-bytes.js';
import { conformanceHelpers } from '../vm/conformance-helpers.js';
import type { HelperTable } from '../vm/helpers.js';
import { DEFAULT_INSN_LIMIT, type RunResult } from '../vm/interpreter.js';
import { compile, compileBytes, type CompiledProgram } from '../vm/program.js';
import { run as runInterpreter } from '../vm/run.js';
import { runProgram } from '../jit/run.js';
import { assembleText } from './asm.js';
import { type Io, UsageError } from './io.js';

const USAGE = 'usage: tsbpf run FILE [--mem HEX | --mem-file F] [--limit N] [--engine jit|interp]';

export interface RunArgs {
  file: string;
  mem?: Uint8Array;
  memFile?: string;
  limit: number;
  engine: string;
}

/** A loaded program ready for an engine. */
export interface Runnable {
  program: CompiledProgram;
  helpers: HelperTable;
}

export type Engine = (runnable: Runnable, options: { mem?: Uint8Array; limit: number }) => RunResult & { note?: string };

/** Execution engines by `--engine` name (the JIT adds itself here). */
export const ENGINES: Record<string, Engine> = {
  interp: (r, o) => runInterpreter(r.program, { helpers: r.helpers, mem: o.mem, limit: o.limit }),
  // The JIT (default); a program it cannot compile runs in the interpreter with a note.
  jit: (r, o) => runProgram(r.program, { helpers: r.helpers, mem: o.mem, limit: o.limit, engine: 'jit' }),
};

export function parseArgs(argv: string[]): RunArgs {
  const args: Partial<RunArgs> & { limit: number; engine: string } = { limit: DEFAULT_INSN_LIMIT, engine: 'jit' };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const value = (): string => {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    switch (a) {
      case '--mem': {
        const text = value();
        if (!looksLikeHex(text) && text.trim() !== '') throw new UsageError(`--mem must be hex bytes, e.g. --mem "01 02 ff"`);
        args.mem = text.trim() === '' ? new Uint8Array(0) : parseHexBytes(text, '--mem');
        break;
      }
      case '--mem-file': args.memFile = value(); break;
      case '--limit': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--limit must be a positive integer, not '${v}'`);
        args.limit = n;
        break;
      }
      case '--engine': {
        const v = value();
        if (!(v in ENGINES)) throw new UsageError(`--engine must be one of ${Object.keys(ENGINES).join(', ')}, not '${v}'`);
        args.engine = v;
        break;
      }
      case '-h': case '--help': throw new UsageError(USAGE);
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
        if (args.file !== undefined) throw new UsageError(`one program file only\n${USAGE}`);
        args.file = a;
    }
  }
  if (args.file === undefined) throw new UsageError(`missing program file\n${USAGE}`);
  if (args.mem && args.memFile) throw new UsageError('use --mem or --mem-file, not both');
  return args as RunArgs;
}

const ASSEMBLY_EXTENSIONS = /\.(s|asm)$/i;

/**
 * Reads a program: raw bytecode (contains a NUL byte), hex text, or assembly. Assembly goes through
 * `assembleText`, which picks the conformance or the llvm/kernel syntax from the content.
 * (ELF objects: the loader adds a branch here that also supplies map relocations.)
 */
export function loadProgram(bytes: Uint8Array, file: string, helpers: HelperTable = conformanceHelpers): Runnable {
  if (bytes.includes(0)) return { program: compileBytes(bytes, { helpers }), helpers };
  const text = new TextDecoder().decode(bytes);
  if (!ASSEMBLY_EXTENSIONS.test(file) && looksLikeHex(text)) {
    return { program: compileBytes(parseHexBytes(text, file), { helpers }), helpers };
  }
  const insns: Insn[] = assembleText(text, file);
  return { program: compile(insns, { helpers }), helpers };
}

/** `r0 = 0x…` in hex and decimal, then the instruction count. */
export function report(result: RunResult): string {
  const signed = BigInt.asIntN(64, result.r0);
  const decimal = signed < 0n ? `${result.r0} = ${signed}` : `${result.r0}`;
  return `r0 = 0x${result.r0.toString(16)} (${decimal})\ninstructions: ${result.insnCount}\n`;
}

export default async function run(argv: string[], io: Io): Promise<number> {
  // ELF objects (maps, helpers, program types, captures) are src/cli/run-object.ts.
  const object = await import('./run-object.js');
  if (await object.isObjectRun(argv, io)) return object.default(argv, io);
  const args = parseArgs(argv);
  const mem = args.memFile !== undefined ? await readMem(args.memFile, io) : args.mem;
  const runnable = loadProgram(await io.readFile(args.file), args.file);
  const result = ENGINES[args.engine]!(runnable, { mem, limit: args.limit });
  if (result.note) io.stderr(`tsbpf: note: ${result.note}\n`);
  io.stdout(report(result));
  return 0;
}

/** Input memory: raw bytes, or hex text for `.hex` files. */
async function readMem(path: string, io: Io): Promise<Uint8Array> {
  const bytes = await io.readFile(path);
  if (!/\.hex$/i.test(path)) return bytes;
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return new Uint8Array(0);
  return parseHexBytes(text, path);
}
