/**
 * `tsbpf disasm --classic [--format tcpdump|dd|ddd|dbg|asm|c|bpf_asm|raw|xlated] [--from FORMAT] FILE|-` —
 * prints a classic program in one tool's format: `tcpdump -d` (default), `-dd`, `-ddd`, bpf_dbg's
 * disassembly, bpf_asm source that reassembles to the same program, `bpf_asm -c`, raw little-endian
 * `struct sock_filter` bytes, or `xlated`: the eBPF program the kernel's conversion makes of it, in
 * the verifier-log syntax (as `bpftool prog dump xlated` shows converted filters). The input may be in any format the classic readers know (guessed from
 * its content unless --from says).
 */
import { formatBpfAsm, formatBpfAsmC } from '../text/bpf-asm.js';
import {
  type ClassicFormat, formatBpfAsmSource, formatBpfDbg, formatTcpdump, formatTcpdumpDd, formatTcpdumpDdd,
  parseClassicProgram, sockFilterBytes,
} from '../text/classic-disasm.js';
import { type Io, UsageError } from './io.js';
import { CLASSIC_HELPER, convertClassic } from '../classic/to-ebpf.js';
import type { SockFilter } from '../isa/classic.js';
import { disassembleKernel } from '../text/kernel-disasm.js';

const HELPER_NAMES: Readonly<Record<number, string>> = {
  [CLASSIC_HELPER.load8]: 'bpf_skb_load_helper_8', [CLASSIC_HELPER.load16]: 'bpf_skb_load_helper_16',
  [CLASSIC_HELPER.load32]: 'bpf_skb_load_helper_32', [CLASSIC_HELPER.payOffset]: 'bpf_skb_get_pay_offset',
  [CLASSIC_HELPER.nlattr]: 'bpf_skb_get_nlattr', [CLASSIC_HELPER.nlattrNest]: 'bpf_skb_get_nlattr_nest',
};

/** The converted eBPF program, one `N: (code) text` line per instruction; private helpers named. */
function formatXlated(prog: SockFilter[]): string {
  const { insns } = convertClassic(prog);
  return disassembleKernel(insns).map((line, n) => {
    const id = insns[n]?.code === 0x85 ? insns[n]!.imm : undefined;
    const name = id === undefined ? undefined : HELPER_NAMES[id >>> 0] ?? HELPER_NAMES[id];
    return (name ? line.replace(/call .*$/, `call ${name}#${id! >>> 0}`) : line) + '\n';
  }).join('');
}

const USAGE = 'usage: tsbpf disasm --classic [--format tcpdump|dd|ddd|dbg|asm|c|bpf_asm|raw|xlated] [--from raw|bpf_asm|bpf_asm-output|ddd|c-array|tcpdump-d] FILE|- [-o OUT]';
const FORMATS = ['tcpdump', 'dd', 'ddd', 'dbg', 'asm', 'c', 'bpf_asm', 'raw', 'xlated'] as const;
type Format = (typeof FORMATS)[number];
const INPUTS: readonly ClassicFormat[] = ['raw', 'bpf_asm', 'bpf_asm-output', 'ddd', 'c-array', 'tcpdump-d'];

export default async function classicDisasm(argv: string[], io: Io): Promise<number> {
  let input: string | undefined;
  let output: string | undefined;
  let format: Format = 'tcpdump';
  let from: ClassicFormat | undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--format' || a === '--from' || a === '-o') {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      if (a === '-o') output = v;
      else if (a === '--format') {
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
        format = v as Format;
      } else {
        if (!(INPUTS as readonly string[]).includes(v)) throw new UsageError(`--from must be one of ${INPUTS.join(', ')}`);
        from = v as ClassicFormat;
      }
    } else if (a === '-h' || a === '--help') throw new UsageError(USAGE);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (input === undefined) input = a;
    else throw new UsageError(`one input file only\n${USAGE}`);
  }
  if (input === undefined) throw new UsageError(`missing input file\n${USAGE}`);
  const prog = parseClassicProgram(await io.readFile(input), input === '-' ? '<stdin>' : input, from);
  if (format === 'raw') {
    await io.writeFile(output ?? '-', sockFilterBytes(prog));
    return 0;
  }
  const text = {
    tcpdump: formatTcpdump, dd: formatTcpdumpDd, ddd: formatTcpdumpDdd, dbg: formatBpfDbg, asm: formatBpfAsmSource,
    c: formatBpfAsmC, bpf_asm: formatBpfAsm, xlated: formatXlated,
  }[format](prog);
  if (output === undefined || output === '-') io.stdout(text);
  else await io.writeFile(output, text);
  return 0;
}
