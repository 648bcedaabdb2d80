/**
 * `tsbpf disasm [--style llvm|kernel|conformance] [--alu32] [--objdump] FILE|-` — prints eBPF
 * bytecode as text. The input is raw little-endian bytecode or hex text (bytes separated by
 * spaces or newlines); ELF objects are recognised by their magic number.
 *
 * Styles: `llvm` (default) prints like `llvm-objdump -d --no-show-raw-insn` (`--alu32` as with
 * `--mattr=+alu32`), except that local calls print as `call pc+N` so that the listing
 * reassembles; `--objdump` prints them as objdump does (`call N`). `kernel` prints verifier-log
 * lines (`3: (bf) r0 = r2`), `conformance` the bpf_conformance assembler syntax.
 */
import { DecodeError, LoadError } from '../errors.js';
import { decode } from '../isa/codec.js';
import type { Insn } from '../isa/insn.js';
import { disassembleConformance } from '../text/conformance.js';
import { parseHexBytes } from '../text/hex-bytes.js';
import { disassembleKernel } from '../text/kernel-disasm.js';
import { disassembleLlvm } from '../text/llvm-disasm.js';
import { type Io, UsageError } from './io.js';
import { isElfObject } from '../loader/index.js';

const USAGE = 'usage: tsbpf disasm [--style llvm|kernel|conformance] [--alu32] [--objdump] FILE|-';
const STYLES = ['llvm', 'kernel', 'conformance'] as const;
type Style = (typeof STYLES)[number];

interface Options { style: Style; input?: string; alu32: boolean; objdump: boolean }

function parseArgs(argv: string[]): Options {
  const o: Options = { style: 'llvm', alu32: false, objdump: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--style') {
      const v = argv[++k];
      if (!STYLES.includes(v as Style)) throw new UsageError(`--style must be llvm, kernel or conformance${v === undefined ? '' : `, not '${v}'`}\n${USAGE}`);
      o.style = v as Style;
    } else if (a === '--alu32') {
      o.alu32 = true;
    } else if (a === '--objdump') {
      o.objdump = true;
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


/** The program's instructions from raw bytecode or hex text. */
export function readBytecode(bytes: Uint8Array, file: string): Insn[] {
  if (isElfObject(bytes)) {
    // Seam for the ELF loader (src/loader/): disassemble each program of the object here.
    throw new LoadError('ELF objects are not supported by disasm yet; extract a section with llvm-objcopy -O binary --only-section=SEC', file);
  }
  // Real bytecode always has zero bytes (`exit` is 95 00 00 00 00 00 00 00); text never does.
  const raw = bytes.includes(0) ? bytes : parseHexBytes(new TextDecoder().decode(bytes), file);
  if (raw.length % 8 !== 0) throw new DecodeError(`bytecode length ${raw.length} is not a multiple of 8 bytes`, Math.floor(raw.length / 8));
  return decode(raw);
}

export function formatProgram(insns: readonly Insn[], style: Style, options: { alu32?: boolean; objdump?: boolean } = {}): string[] {
  switch (style) {
    case 'llvm': return disassembleLlvm(insns, { alu32: options.alu32, distinguishCalls: !options.objdump });
    case 'kernel': return disassembleKernel(insns);
    case 'conformance': return disassembleConformance(insns);
  }
}

export default async function disasm(argv: string[], io: Io): Promise<number> {
  // Classic BPF (`--classic`) is src/cli/classic-disasm.ts.
  if (argv.includes('--classic')) return (await import('./classic-disasm.js')).default(argv.filter((a) => a !== '--classic'), io);
  const o = parseArgs(argv);
  const file = o.input === '-' ? '<stdin>' : o.input!;
  const bytes = await io.readFile(o.input!);
  if (isElfObject(bytes)) {
    io.stdout((await import('./disasm-object.js')).disassembleObject(bytes, file, (insns) => formatProgram(insns, o.style, o)));
    return 0;
  }
  const insns = readBytecode(bytes, file);
  const lines = formatProgram(insns, o.style, o);
  io.stdout(lines.length ? lines.join('\n') + '\n' : '');
  return 0;
}
