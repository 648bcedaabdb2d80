/**
 * `tsbpf compile [-y LINKTYPE | -r FILE] [-s SNAPLEN] [-d|-dd|-ddd] [-O] EXPR...` — compiles a
 * pcap-filter expression to classic BPF and prints it as `tcpdump -d`, `-dd` or `-ddd` would
 * (default `-d`). `-O` turns the optimiser off, like tcpdump's. The words of EXPR are joined with
 * spaces. With `-r`, the link type and snapshot length come from the capture file (its first
 * interface), and the program is the one `tcpdump -r FILE` would use.
 */
import { compileFilter } from '../filter/index.js';
import { CaptureReader } from '../pcap/reader.js';
import { formatTcpdump, formatTcpdumpDd, formatTcpdumpDdd } from '../text/classic-disasm.js';
import { type Io, UsageError } from './io.js';

const USAGE = 'usage: tsbpf compile [-y LINKTYPE | -r FILE] [-s SNAPLEN] [-d|-dd|-ddd] [-O] EXPR...\n' +
  '  LINKTYPE: EN10MB (default), RAW, LINUX_SLL or NULL';

interface Options { linkType: string; snaplen: number; dump: 1 | 2 | 3; optimize: boolean; words: string[]; file?: string }

function parseArgs(argv: string[]): Options {
  const o: Options = { linkType: 'EN10MB', snaplen: 262144, dump: 1, optimize: true, words: [] };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--') {
      o.words.push(...argv.slice(k + 1));
      break;
    }
    if (a === '-h' || a === '--help') throw new UsageError(USAGE);
    if (a === '-y' || a === '-s' || a === '-r') {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      if (a === '-y') o.linkType = v;
      else if (a === '-r') o.file = v;
      else {
        if (!/^\d+$/.test(v)) throw new UsageError(`invalid snaplen ${v}`);
        o.snaplen = Number(v);
      }
    } else if (/^-[dO]+$/.test(a)) {
      // tcpdump's cumulative flags: -d, -dd, -ddd, and -O, in any combination (-Odd).
      const d = a.split('d').length - 1;
      if (d > 0) o.dump = Math.min(3, d) as 1 | 2 | 3;
      if (a.includes('O')) o.optimize = false;
    } else if (a.startsWith('-') && a.length > 1 && o.words.length === 0 && !/^-\d/.test(a)) {
      throw new UsageError(`unknown option ${a}\n${USAGE}`);
    } else o.words.push(a);
  }
  return o;
}

/** The link type and snapshot length of a capture's first interface. */
function captureParams(bytes: Uint8Array): { linkType: number; snaplen: number } | undefined {
  const reader = new CaptureReader();
  reader.push(bytes);
  reader.end();
  for (let item = reader.next(); item; item = reader.next()) {
    if (item.kind === 'pcap-header') return { linkType: item.header.linkType, snaplen: item.header.snaplen };
    if (item.kind === 'interface') return { linkType: item.iface.linkType, snaplen: item.iface.snaplen };
  }
  return undefined;
}

export default async function compile(argv: string[], io: Io): Promise<number> {
  const o = parseArgs(argv);
  let linkType: string | number = o.linkType;
  let snaplen = o.snaplen;
  if (o.file !== undefined) {
    const params = captureParams(await io.readFile(o.file));
    if (!params) throw new UsageError(`${o.file}: no interface in the capture`);
    ({ linkType, snaplen } = params);
  }
  const prog = compileFilter(o.words.join(' '), { linkType, snaplen, optimize: o.optimize, savefile: o.file !== undefined });
  const print = o.dump === 1 ? formatTcpdump : o.dump === 2 ? formatTcpdumpDd : formatTcpdumpDdd;
  io.stdout(print(prog));
  return 0;
}
