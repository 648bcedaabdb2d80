/**
 * `tsbpf dbg [CMDFILE [OUTFILE]]` — bpf_dbg's shell over the UI-less engine in src/debugger.
 *
 * With CMDFILE the commands run one per line without prompts and the output goes to OUTFILE (or
 * standard output), like `bpf_dbg cmds.txt out.txt`. Otherwise an interactive shell: prompt `> `,
 * line editing, history in ~/.tsbpf_dbg_history (only commands that succeeded, as bpf_dbg keeps it),
 * tab completion of command words and of file names after `load bpf|ebpf|pcap`, Ctrl-C clears the
 * line, Ctrl-D or `quit` leaves.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { completeCommand, type CommandHost, executeCommand } from '../debugger/commands.js';
import { DebugEngine } from '../debugger/engine.js';
import { type Io, UsageError } from './io.js';
import { loadEbpfProgram } from './programs.js';

const HISTORY_FILE = join(homedir(), '.tsbpf_dbg_history');

function host(io: Io): CommandHost {
  return {
    readFile: (p) => io.readFile(p),
    isFile: (p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    },
    loadEbpf: loadEbpfProgram,
  };
}

/** File names starting with `prefix`, directories with a trailing slash. */
function listFiles(prefix: string): string[] {
  const dir = prefix.endsWith('/') ? prefix : dirname(prefix);
  const base = prefix.endsWith('/') ? '' : basename(prefix);
  try {
    return readdirSync(dir === '' ? '.' : dir, { withFileTypes: true })
      .filter((e) => e.name.startsWith(base))
      .map((e) => {
        const path = prefix.endsWith('/') || dir !== '.' || prefix.startsWith('./') ? join(dir, e.name) : e.name;
        return e.isDirectory() ? path + '/' : path;
      });
  } catch {
    return [];
  }
}

async function batch(cmdFile: string, outFile: string | undefined, io: Io): Promise<number> {
  const text = new TextDecoder().decode(await io.readFile(cmdFile));
  const engine = new DebugEngine();
  const h = host(io);
  let output = '';
  if (outFile !== undefined) writeFileSync(outFile, '');
  const emit = (t: string): void => {
    if (outFile === undefined) io.stdout(t);
    else output += t;
  };
  for (const line of text.split('\n')) {
    const r = await executeCommand(engine, line.replace(/\r$/, ''), h);
    emit(r.text);
    if (r.quit) break;
  }
  if (outFile !== undefined) await io.writeFile(outFile, output);
  return 0;
}

async function interactive(io: Io): Promise<number> {
  const engine = new DebugEngine();
  const h = host(io);
  let history: string[] = [];
  try {
    history = readFileSync(HISTORY_FILE, 'utf8').split('\n').filter(Boolean).reverse();
  } catch {
    // no history yet
  }
  const tty = Boolean(process.stdin.isTTY);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: tty,
    history,
    historySize: 1000,
    removeHistoryDuplicates: false,
    completer: (line: string) => completeCommand(line, listFiles),
  });
  rl.setPrompt(tty ? '> ' : '');
  rl.on('SIGINT', () => {
    rl.write(null, { ctrl: true, name: 'u' });
    io.stdout('\n');
    rl.prompt();
  });
  rl.prompt();
  // Commands run one at a time, in order, even when lines arrive faster than they finish.
  let queue = Promise.resolve();
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        const r = await executeCommand(engine, line, h);
        io.stdout(r.text);
        if (r.ok && line.trim() !== '' && tty) {
          try { appendFileSync(HISTORY_FILE, line + '\n'); } catch { /* history is best effort */ }
        }
        if (r.quit) rl.close();
        else rl.prompt();
      });
    });
    rl.on('close', () => { void queue.then(resolve); });
  });
  return 0;
}

export default async function dbg(argv: string[], io: Io): Promise<number> {
  if (argv.some((a) => a === '-h' || a === '--help')) throw new UsageError('usage: tsbpf dbg [CMDFILE [OUTFILE]]');
  if (argv.length > 2) throw new UsageError('usage: tsbpf dbg [CMDFILE [OUTFILE]]');
  const [cmdFile, outFile] = argv;
  if (cmdFile !== undefined && cmdFile !== '-') return batch(cmdFile, outFile, io);
  return interactive(io);
}
