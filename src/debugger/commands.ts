/**
 * bpf_dbg's command language over the engine: one line in, text out. The first word must match a
 * command exactly (`load select step run breakpoint disassemble dump quit`); the sub-keywords `bpf`,
 * `ebpf`, `pcap` and `reset` match by prefix, as in bpf_dbg; an unknown command is silently accepted.
 * Files are read through a callback so the engine stays free of I/O.
 */
import { parseClassicProgram } from '../classic/index.js';
import { TsbpfError } from '../errors.js';
import type { Insn } from '../isa/insn.js';
import { type DbgOutput, type DebugEngine } from './engine.js';
import { formatOutput } from './format.js';

export const COMMAND_NAMES = ['load', 'select', 'step', 'run', 'breakpoint', 'disassemble', 'dump', 'quit'] as const;

export interface CommandHost {
  /** Reads a file; rejects with an error carrying a Node-style `code` (ENOENT, EACCES, EISDIR…). */
  readFile: (path: string) => Promise<Uint8Array>;
  /** True when the path names an existing regular file. */
  isFile: (path: string) => boolean;
  /** Turns eBPF file bytes into instructions (ELF, raw bytecode or assembly). */
  loadEbpf: (bytes: Uint8Array, path: string) => Insn[];
}

export interface CommandResult {
  text: string;
  /** bpf_dbg's CMD_OK: the line goes into the history. */
  ok: boolean;
  quit: boolean;
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
};

/** strtol(text, NULL, 10). */
function strtol(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** bpf_dbg's `matches`: the typed word is a prefix of the keyword. */
const matches = (word: string, keyword: string): boolean => keyword.startsWith(word);

const render = (out: DbgOutput[]): string => out.map(formatOutput).join('');

function fileError(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code ? STRERROR[code] ?? code : (e as Error).message;
}

export async function executeCommand(engine: DebugEngine, line: string, host: CommandHost): Promise<CommandResult> {
  const done = (r: { ok: boolean; out: DbgOutput[] }): CommandResult => ({ text: render(r.out), ok: r.ok, quit: false });
  // strtok(" "): skip leading spaces; the argument is everything after the first space following the word.
  const trimmed = line.replace(/^ +/, '');
  if (trimmed === '') return { text: '', ok: true, quit: false };
  const space = trimmed.indexOf(' ');
  const word = space < 0 ? trimmed : trimmed.slice(0, space);
  const arg = space < 0 ? '' : trimmed.slice(space + 1);
  switch (word) {
    case 'load': return loadCommand(engine, arg, host);
    case 'select': {
      if (!engine.packets) return done({ ok: false, out: [{ kind: 'message', text: 'no pcap file loaded!' }] });
      if (arg.length === 0) return { text: '', ok: false, quit: false };
      return done(engine.select(Math.max(0, strtol(arg))));
    }
    case 'step': return done(engine.step(strtol(arg)));
    case 'run': return done(engine.run(Math.max(0, strtol(arg))));
    case 'breakpoint': return done(engine.breakpoint(arg));
    case 'disassemble': return done(engine.disassemble(arg));
    case 'dump': return done(engine.dump());
    case 'quit': return { text: '', ok: true, quit: true };
    default: return { text: '', ok: true, quit: false }; // bpf_dbg ignores unknown commands
  }
}

const LOAD_HELP = 'bpf <code>:  load bpf code\npcap <file>: load pcap file\nebpf <file>: load ebpf program\n';

async function loadCommand(engine: DebugEngine, arg: string, host: CommandHost): Promise<CommandResult> {
  const trimmed = arg.replace(/^ +/, '');
  const space = trimmed.indexOf(' ');
  const sub = space < 0 ? trimmed : trimmed.slice(0, space);
  const rest = space < 0 ? undefined : trimmed.slice(space + 1);
  const result = (ok: boolean, out: DbgOutput[]): CommandResult => ({ text: render(out), ok, quit: false });
  if (sub === '') return { text: LOAD_HELP, ok: true, quit: false };
  if (matches(sub, 'bpf')) {
    if (rest === undefined) {
      const r = engine.loadBpfString('');
      return result(r.ok, r.out);
    }
    const path = rest.trim();
    // Beyond bpf_dbg: `load bpf FILE` takes a program in any classic format (bpf_asm, -ddd, -dd, raw).
    if (!/^\s*\d+\s*,/.test(rest) && host.isFile(path)) {
      try {
        const prog = parseClassicProgram(await host.readFile(path), path);
        const out = engine.loadClassic(prog);
        return result(true, out);
      } catch (e) {
        if (e instanceof TsbpfError) return result(false, [{ kind: 'message', text: `syntax error: ${e.message}` }]);
        return result(false, [{ kind: 'message', text: `cannot open bpf file [${fileError(e)}]!` }]);
      }
    }
    const r = engine.loadBpfString(rest);
    return result(r.ok, r.out);
  }
  if (matches(sub, 'pcap')) {
    const path = (rest ?? '').trim();
    let bytes: Uint8Array;
    try {
      bytes = await host.readFile(path);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EISDIR') return result(false, [{ kind: 'message', text: 'not a regular pcap file, duh!' }]);
      return result(false, [{ kind: 'message', text: `cannot open pcap [${fileError(e)}]!` }]);
    }
    if (bytes.length <= 24) return result(false, [{ kind: 'message', text: 'pcap file too small!' }]);
    const out = engine.loadCapture(bytes, path);
    return result(engine.packets !== undefined, out);
  }
  if (matches(sub, 'ebpf')) {
    const path = (rest ?? '').trim();
    try {
      const insns = host.loadEbpf(await host.readFile(path), path);
      return result(true, engine.loadEbpf(insns));
    } catch (e) {
      if (e instanceof TsbpfError) return result(false, [{ kind: 'message', text: `cannot load ebpf [${e.message}]!` }]);
      return result(false, [{ kind: 'message', text: `cannot open ebpf [${fileError(e)}]!` }]);
    }
  }
  return { text: LOAD_HELP, ok: true, quit: false };
}

/** Tab completion of the first word (bpf_dbg) and of file names after `load pcap|bpf|ebpf`. */
export function completeCommand(line: string, listFiles: (prefix: string) => string[]): [string[], string] {
  const words = line.split(' ');
  if (words.length === 1) return [COMMAND_NAMES.filter((c) => c.startsWith(line)), line];
  if (words[0] === 'load' && words.length === 2) {
    const subs = ['bpf', 'ebpf', 'pcap'].filter((s) => s.startsWith(words[1]!));
    return [subs, words[1]!];
  }
  if (words[0] === 'load' && words.length === 3) return [listFiles(words[2]!), words[2]!];
  return [[], line];
}
