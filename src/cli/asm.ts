/**
 * `tsbpf asm [--syntax conformance|llvm] FILE|- [-o OUT] [--hex]` — assembles eBPF source to
 * bytecode: binary into OUT (`-o -` for binary on stdout), or hex text (one instruction slot per
 * line) on stdout or, with --hex, into OUT. Without --syntax the syntax is guessed from the
 * content: `%r1` registers mean the conformance syntax, C-like statements (`r0 = 1`, `goto`, `*(`)
 * the llvm/kernel syntax; when neither shows, both are tried.
 */
import { encode } from '../isa/codec.js';
import { formatHexBytes } from '../text/hex-bytes.js';
import { assembleText, type Syntax } from '../text/assemble.js';
import { type Io, UsageError } from './io.js';

const USAGE = 'usage: tsbpf asm [--syntax conformance|llvm] FILE|- [-o OUT] [--hex]';

export { assembleText, guessSyntax, type Syntax } from '../text/assemble.js';

interface Options { syntax?: Syntax; input?: string; output?: string; hex: boolean }

function parseArgs(argv: string[]): Options {
  const o: Options = { hex: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--syntax' || a === '-o') {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      if (a === '-o') o.output = v;
      else if (v === 'conformance' || v === 'llvm') o.syntax = v;
      else throw new UsageError(`--syntax must be conformance or llvm, not '${v}'`);
    } else if (a === '--hex') {
      o.hex = true;
    } else if (a === '-h' || a === '--help') {
      throw new UsageError(USAGE);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}\n${USAGE}`);
    } else if (o.input === undefined) {
      o.input = a;
    } else {
      throw new UsageError(`one input file only\n${USAGE}`);
    }
  }
  if (o.input === undefined) throw new UsageError(`missing input file\n${USAGE}`);
  return o;
}

export default async function asm(argv: string[], io: Io): Promise<number> {
  // Classic BPF (`--classic`) is src/cli/classic-asm.ts.
  if (argv.includes('--classic')) return (await import('./classic-asm.js')).default(argv.filter((a) => a !== '--classic'), io);
  const o = parseArgs(argv);
  const file = o.input === '-' ? '<stdin>' : o.input!;
  const text = new TextDecoder().decode(await io.readFile(o.input!));
  const bytes = encode(assembleText(text, file, o.syntax));
  if (o.output !== undefined && !o.hex) await io.writeFile(o.output, bytes);
  else if (o.output !== undefined && o.output !== '-') await io.writeFile(o.output, formatHexBytes(bytes));
  else io.stdout(formatHexBytes(bytes));
  return 0;
}
