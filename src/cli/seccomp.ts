/**
 * `tsbpf seccomp FILE [FILE…] [--arch x86_64|aarch64|i386|NUMBER] (--nr SYSCALL [--args a,b,…] [--ip N] | --list LIST|-)`
 *
 * Checks each FILE as the kernel checks a seccomp filter (classic rules, then seccomp's), then runs
 * the stack of filters (installation order = argument order) on one system call and prints the
 * action: ALLOW, KILL_PROCESS, KILL_THREAD, TRAP, ERRNO(n), USER_NOTIF, TRACE(n), LOG. With
 * --list, each line of LIST is `SYSCALL [a,b,…]` (a name or a number) and one `SYSCALL: ACTION`
 * line is printed per line. FILE may be in any classic format (raw sock_filter bytes as written by
 * libseccomp's seccomp_export_bpf, bpf_asm source, tcpdump -ddd text, C arrays, …).
 */
import { TsbpfError } from '../errors.js';
import {
  AUDIT_ARCH, compileSeccomp, evaluateSeccomp, formatSeccompAction, type SeccompArch, type SeccompFilter, syscallNumber,
} from '../classic/seccomp.js';
import { parseClassicProgram } from '../text/classic-disasm.js';
import { type Io, UsageError } from './io.js';

const USAGE = 'usage: tsbpf seccomp FILE [FILE...] [--arch x86_64|aarch64|i386|NUMBER] (--nr SYSCALL [--args a,b,...] [--ip N] | --list FILE|-)';

class SeccompInputError extends TsbpfError {
  override readonly name = 'SeccompInputError';
}

function parseArgsList(s: string, where: string): bigint[] {
  if (s.trim() === '') return [];
  const parts = s.split(',');
  if (parts.length > 6) throw new SeccompInputError('at most 6 arguments', where);
  return parts.map((p) => {
    const t = p.trim();
    try {
      if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) throw new Error();
      const neg = t.startsWith('-');
      const v = BigInt(neg ? t.slice(1) : t);
      return BigInt.asUintN(64, neg ? -v : v);
    } catch {
      throw new SeccompInputError(`bad argument '${t}' (expected a decimal or 0x hex integer)`, where);
    }
  });
}

export default async function seccomp(argv: string[], io: Io): Promise<number> {
  const files: string[] = [];
  let archName = 'x86_64';
  let nr: string | undefined;
  let args = '';
  let ip = '0';
  let list: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (['--arch', '--nr', '--args', '--ip', '--list'].includes(a)) {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      if (a === '--arch') archName = v;
      else if (a === '--nr') nr = v;
      else if (a === '--args') args = v;
      else if (a === '--ip') ip = v;
      else list = v;
    } else if (a === '-h' || a === '--help') throw new UsageError(USAGE);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else files.push(a);
  }
  if (files.length === 0) throw new UsageError(`missing filter file\n${USAGE}`);
  if ((nr === undefined) === (list === undefined)) throw new UsageError(`give exactly one of --nr and --list\n${USAGE}`);

  const table: SeccompArch | undefined = archName === 'x86_64' || archName === 'aarch64' ? archName : undefined;
  let arch: number;
  if (table) arch = AUDIT_ARCH[table];
  else if (archName === 'i386') arch = AUDIT_ARCH.i386;
  else if (/^(0x[0-9a-f]+|\d+)$/i.test(archName)) arch = Number(archName) >>> 0;
  else throw new UsageError(`--arch must be x86_64, aarch64, i386 or an AUDIT_ARCH number, not '${archName}'`);

  const filters: SeccompFilter[] = [];
  for (const f of files) {
    try {
      filters.push(compileSeccomp(parseClassicProgram(await io.readFile(f), f)));
    } catch (e) {
      if (e instanceof TsbpfError && !e.message.startsWith(f)) throw new SeccompInputError(e.message, f);
      throw e;
    }
  }
  const resolve = (s: string, where: string): number => {
    const n = table ? syscallNumber(table, s) : /^-?\d+$/.test(s.trim()) ? Number(s) : undefined;
    if (n === undefined) throw new SeccompInputError(`unknown system call '${s}' for ${archName}`, where);
    return n;
  };
  const ipValue = parseArgsList(ip, '--ip')[0] ?? 0n;
  if (nr !== undefined) {
    const ret = evaluateSeccomp(filters, { nr: resolve(nr, '--nr'), arch, instructionPointer: ipValue, args: parseArgsList(args, '--args') });
    io.stdout(formatSeccompAction(ret) + '\n');
    return 0;
  }
  const text = new TextDecoder().decode(await io.readFile(list!));
  const listName = list === '-' ? '<stdin>' : list!;
  const lines = text.split('\n');
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const where = `${listName}:${l + 1}`;
    const [sys, rest = ''] = line.split(/\s+/, 2) as [string, string?];
    const ret = evaluateSeccomp(filters, { nr: resolve(sys, where), arch, instructionPointer: ipValue, args: parseArgsList(rest, where) });
    io.stdout(`${sys}: ${formatSeccompAction(ret)}\n`);
  }
  return 0;
}
