/**
 * The `tsbpf` command: a table of subcommands, loaded lazily, each in its own file. Every error
 * becomes one line on stderr (`tsbpf: <where>: <message>`) and exit code 1 (2 for usage errors).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { TsbpfError } from '../errors.js';
import { type Command, type Io, UsageError } from './io.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  // One line per subcommand, each implemented in its own file in this folder.
  asm: { summary: 'assemble eBPF source (conformance or llvm/kernel syntax) to bytecode', load: () => import('./asm.js') },
  disasm: { summary: 'print eBPF bytecode as llvm-objdump, kernel verifier-log or conformance text', load: () => import('./disasm.js') },
  dbg: { summary: 'bpf_dbg-compatible debugger for classic and eBPF programs over a capture', load: () => import('./dbg.js') },
  compile: { summary: 'compile a tcpdump filter expression to classic BPF (tcpdump -d/-dd/-ddd output)', load: () => import('./compile.js') },
  filter: { summary: 'run a BPF program or filter expression over a capture, keep what it accepts', load: () => import('./filter.js') },
  seccomp: { summary: 'check seccomp filters and print the action they take on a system call', load: () => import('./seccomp.js') },
  run: { summary: 'run an eBPF program (bytecode, hex or assembly) on input memory; print r0 and the instruction count', load: () => import('./run.js') },
  maps: { summary: 'list the maps an ELF object declares (type, sizes, max_entries, flags, section)', load: () => import('./maps.js') },
  jit: { summary: 'print the WebAssembly the JIT generates for a program (WAT annotated with its eBPF)', load: () => import('./jit.js') },
  verify: { summary: 'verify an eBPF program as Linux 6.18 does; print the verifier log and the verdict', load: () => import('./verify.js') },
  'conformance-plugin': { summary: 'bpf_conformance plugin: program hex on stdin, memory hex as argument, r0 in hex out', load: () => import('./conformance-plugin.js') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ['usage: tsbpf <command> [options]', '', 'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join('\n') + '\n';
}

async function readInput(path: string): Promise<Uint8Array> {
  if (path !== '-') return new Uint8Array(await readFile(path));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export const nodeIo: Io = {
  stdout: (t) => { process.stdout.write(t); },
  stderr: (t) => { process.stderr.write(t); },
  readFile: readInput,
  writeFile: (p, d) => (p === '-' ? new Promise<void>((res) => process.stdout.write(d, () => res())) : writeFile(p, d)),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io = nodeIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`tsbpf: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    const command = (await entry.load()).default;
    return await command(rest, io);
  } catch (e) {
    // `tsbpf <command> --help`: every command answers bad arguments with its usage; show that
    // usage on stdout as the answer asked for.
    if (e instanceof UsageError && rest.some((a) => a === '--help' || a === '-h')) {
      const at = e.message.indexOf('usage:');
      io.stdout(`${at >= 0 ? e.message.slice(at) : e.message}\n`);
      return 0;
    }
    return reportError(e, io);
  }
}

export function reportError(e: unknown, io: Io): number {
  if (e instanceof UsageError) {
    io.stderr(`tsbpf: ${e.message}\n`);
    return 2;
  }
  if (e instanceof TsbpfError) {
    io.stderr(`tsbpf: ${e.message}\n`);
    return 1;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && 'path' in err) {
    io.stderr(`tsbpf: ${String(err.path)}: ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`);
    return 1;
  }
  // A bug in tsbpf: still one line, but say so.
  io.stderr(`tsbpf: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.TSBPF_DEBUG && e instanceof Error) io.stderr(`${e.stack}\n`);
  return 1;
}

const isEntry = process.argv[1] !== undefined && /tsbpf(\.js)?$|cli[\\/]main\.[jt]s$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
