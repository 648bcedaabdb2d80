/**
 * `tsbpf asm --classic FILE|- [-c] [-o OUT]` — assembles bpf_asm source. Output is byte-identical to
 * the kernel's bpf_asm: `N,code jt jf k,…` (as `tcpdump -ddd | tr '\n' ','`), or with `-c` one C
 * initializer per line. Unlike bpf_asm, an unknown label, an out-of-range jump or more than 4096
 * instructions is an error with line and column (exit 1), never silent empty output.
 */
import { assembleBpfAsm, formatBpfAsm, formatBpfAsmC } from '../text/bpf-asm.js';
import { type Io, UsageError } from './io.js';

const USAGE = 'usage: tsbpf asm --classic FILE|- [-c] [-o OUT]';

export default async function classicAsm(argv: string[], io: Io): Promise<number> {
  let input: string | undefined;
  let output: string | undefined;
  let cStyle = false;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '-c') cStyle = true;
    else if (a === '-o') {
      output = argv[++k];
      if (output === undefined) throw new UsageError(`-o needs a value\n${USAGE}`);
    } else if (a === '-h' || a === '--help') throw new UsageError(USAGE);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (input === undefined) input = a;
    else throw new UsageError(`one input file only\n${USAGE}`);
  }
  if (input === undefined) throw new UsageError(`missing input file\n${USAGE}`);
  const text = new TextDecoder().decode(await io.readFile(input));
  const prog = assembleBpfAsm(text, input === '-' ? '<stdin>' : input);
  const out = cStyle ? formatBpfAsmC(prog) : formatBpfAsm(prog);
  if (output === undefined || output === '-') io.stdout(out);
  else await io.writeFile(output, out);
  return 0;
}
