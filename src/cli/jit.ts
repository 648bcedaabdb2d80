/**
 * `tsbpf jit --dump FILE|OBJ [--program NAME] [--batch] [--stats]` — this project's
 * `bpf_jit_disasm`: prints the WebAssembly module the JIT generates for a program, as WAT, each
 * basic block annotated with the eBPF instructions it came from (`;; pc 3: add %r0, %r1`).
 *
 * FILE is bytecode, hex or assembly (as for `tsbpf run`); an ELF object dumps each of its programs
 * (or the one `--program` names; map references show as the address 0, helper calls by id).
 * `--batch` dumps the batch module (the program inlined in the packet loop) instead; `--stats`
 * prints sizes and timings instead of the text. A program the JIT cannot compile gets its reason.
 */
import type { Insn } from '../isa/insn.js';
import { isElfObject, loadObject } from '../loader/index.js';
import { JitVm } from '../jit/engine.js';
import { HelperTable } from '../vm/helpers.js';
import { conformanceHelpers } from '../vm/conformance-helpers.js';
import { type Io, UsageError } from './io.js';
import { loadProgram } from './run.js';

const USAGE = 'usage: tsbpf jit --dump FILE|OBJ [--program NAME] [--batch] [--stats]';

interface JitArgs {
  file: string;
  program?: string;
  batch: boolean;
  stats: boolean;
}

function parseArgs(argv: string[]): JitArgs {
  let file: string | undefined;
  let dump = false;
  const args: Omit<JitArgs, 'file'> = { batch: false, stats: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    switch (a) {
      case '--dump': dump = true; break;
      case '--batch': args.batch = true; break;
      case '--stats': args.stats = true; break;
      case '--program': {
        const v = argv[++k];
        if (v === undefined) throw new UsageError(`--program needs a value\n${USAGE}`);
        args.program = v;
        break;
      }
      case '-h': case '--help': throw new UsageError(USAGE);
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
        if (file !== undefined) throw new UsageError(`one file only\n${USAGE}`);
        file = a;
    }
  }
  if (!dump && !args.stats) throw new UsageError(`say what to do: --dump or --stats\n${USAGE}`);
  if (file === undefined) throw new UsageError(`missing program file\n${USAGE}`);
  return { file, ...args };
}

/** A helper table that accepts every id the program calls (dumping needs no helper to run). */
function stubHelpers(insns: readonly Insn[]): HelperTable {
  const t = new HelperTable();
  for (const i of insns) if (i.code === 0x85 && i.src === 0) t.register(i.imm, `helper_${i.imm}`, () => 0n);
  return t;
}

function describe(name: string, jit: JitVm, args: JitArgs): string {
  if (jit.engine !== 'jit') return `;; ${name}: ${jit.note}\n`;
  const module = args.batch ? jit.batchModule() : jit.module!;
  if (args.stats) {
    const cfg = module.cfg;
    const blocks = cfg.subprograms.reduce((n, s) => n + s.blocks.length, 0);
    return `${name}: ${jit.vm.program.insns.length} instructions, ${cfg.subprograms.length} subprogram${cfg.subprograms.length === 1 ? '' : 's'}, `
      + `${blocks} basic blocks, ${cfg.subprograms.reduce((n, s) => n + s.loopHeaders.size, 0)} loops; `
      + `module ${module.bytes.length} bytes, compiled in ${jit.compileMs.toFixed(3)} ms\n`;
  }
  return `;; ${name}\n${module.wat ?? ''}`;
}

export default async function jit(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv);
  const bytes = await io.readFile(args.file);
  const wat = !args.stats;
  if (isElfObject(bytes)) {
    const object = loadObject(bytes, { file: args.file });
    const programs = object.programs.filter((p) => args.program === undefined || p.name === args.program || p.section === args.program);
    if (programs.length === 0) {
      throw new UsageError(`${args.file}: no program ${args.program === undefined ? '' : `named ${args.program} `}(programs: ${object.programs.map((p) => p.name).join(', ') || 'none'})`);
    }
    for (const p of programs) {
      const vm = new JitVm(p.insns, { helpers: stubHelpers(p.insns), resolveImm64: () => 0n, wat });
      io.stdout(describe(`${p.section}/${p.name}`, vm, args));
    }
    return 0;
  }
  const { program } = loadProgram(bytes, args.file, conformanceHelpers);
  io.stdout(describe(args.file, new JitVm(program, { helpers: conformanceHelpers, wat }), args));
  return 0;
}
