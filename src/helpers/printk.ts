/**
 * bpf_trace_printk's format language (kernel/trace/bpf_trace.c, bpf_bprintf_prepare): %d %i %u
 * %x %X %ld %li %lu %lx %lld %lli %llu %llx %p %pK %px %pI4 %pi4 %pI6 %pi6 %s %c %%, at most three arguments, with
 * optional width/zero-pad. Strings (%s) are read from VM memory by the caller's `readString`.
 */

export interface PrintkResult {
  text: string;
  /** An error the kernel would report (-EINVAL), instead of printing. */
  error?: string;
}

/** Reads program memory for %s and %pI4-style conversions. */
export interface PrintkMemory {
  string(addr: bigint): string;
  bytes(addr: bigint, size: number): Uint8Array;
}

export function formatPrintk(fmt: string, args: readonly bigint[], mem: PrintkMemory): PrintkResult {
  let out = '';
  let argi = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const ip = /^%p([iI])([46])/.exec(fmt.slice(i));
    if (ip) {
      if (argi >= 3) return { text: out, error: 'more than three format arguments' };
      out += formatIp(mem.bytes(args[argi++] ?? 0n, ip[2] === '4' ? 4 : 16), ip[1] === 'i');
      i += ip[0].length - 1;
      continue;
    }
    const m = /^%([-0]?)(\d*)(ll|l|h|hh|z)?([diuxXpsc%])(K|x|B|s)?/.exec(fmt.slice(i));
    if (!m) return { text: out, error: `unsupported format at '${fmt.slice(i, i + 4)}'` };
    const [all, flag, width, len, conv] = m;
    i += all.length - 1;
    if (conv === '%') {
      out += '%';
      continue;
    }
    if (argi >= 3) return { text: out, error: 'more than three format arguments' };
    const raw = args[argi++] ?? 0n;
    let s: string;
    const wide = len === 'l' || len === 'll' || len === 'z';
    const v64 = BigInt.asUintN(64, raw);
    const v = wide ? v64 : BigInt.asUintN(32, raw);
    switch (conv) {
      case 'd': case 'i': s = (wide ? BigInt.asIntN(64, v64) : BigInt.asIntN(32, v)).toString(); break;
      case 'u': s = v.toString(); break;
      case 'x': s = v.toString(16); break;
      case 'X': s = v.toString(16).toUpperCase(); break;
      case 'p': s = m[5] === 'K' ? '0000000000000000' : v64.toString(16).padStart(16, '0'); if (m[5] !== 'x' && m[5] !== 'K') s = `0x${v64.toString(16)}`; break;
      case 'c': s = String.fromCharCode(Number(v & 0xffn)); break;
      default: s = mem.string(raw);
    }
    if (width) s = s.padStart(Number(width), flag === '0' && conv !== 's' ? '0' : ' ');
    if (flag === '-' && width) s = s.trimStart().padEnd(Number(width));
    out += s;
  }
  return { text: out };
}

/** %pI4 `1.2.3.4`, %pi4 `001.002.003.004`, %pI6 `2001:0db8:…` (8 groups), %pi6 (32 hex digits). */
function formatIp(b: Uint8Array, padded: boolean): string {
  if (b.length === 4) return Array.from(b, (x) => (padded ? String(x).padStart(3, '0') : String(x))).join('.');
  const groups = Array.from({ length: 8 }, (_, k) => ((b[2 * k]! << 8) | b[2 * k + 1]!).toString(16).padStart(4, '0'));
  return padded ? groups.join('') : groups.join(':');
}
