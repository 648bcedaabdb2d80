/**
 * The pcap-filter compiler: `compileFilter('tcp port 22', { linkType: 'EN10MB' })` returns the
 * classic BPF program tcpdump would build for the expression. With `optimize: false` the program
 * equals `tcpdump -O` byte for byte.
 */
import type { SockFilter } from '../isa/classic.js';
import { CodeGen } from './gencode.js';
import { linearize } from './linearize.js';
import { linkTypeInfo } from './linktype.js';
import { optimize as optimizeBlocks } from './optimize.js';
import { parseFilter } from './parser.js';
import { FilterSyntaxError } from './errors.js';

export { FilterError } from './errors.js';
export { parseFilter } from './parser.js';
export { linkTypeInfo, type LinkTypeInfo } from './linktype.js';

export interface CompileOptions {
  /** tcpdump's DLT name (EN10MB, RAW, LINUX_SLL, NULL) or a LINKTYPE_ number; default EN10MB. */
  linkType?: string | number;
  /** The accept value of `ret` (tcpdump -s); 0 means 262144, like tcpdump. Default 262144. */
  snaplen?: number;
  /** Run the optimiser (default true, like tcpdump without -O). */
  optimize?: boolean;
  /** The network mask `ip broadcast` uses; default 0, as tcpdump without an interface. */
  netmask?: number;
  /**
   * Compile for filtering a capture file, like `tcpdump -r FILE` (default false: like `tcpdump -y`).
   * Only NULL differs: IPv6 then matches the BSD AF_INET6 values a file may carry.
   */
  savefile?: boolean;
}

export const DEFAULT_SNAPLEN = 262144;

/** Compiles a filter expression; throws FilterError (with the column when known). */
export function compileFilter(expr: string, options: CompileOptions = {}): SockFilter[] {
  const lt = linkTypeInfo(options.linkType ?? 'EN10MB');
  const snaplen = options.snaplen === undefined || options.snaplen === 0 ? DEFAULT_SNAPLEN : options.snaplen;
  const genOptions = { snaplen, netmask: options.netmask ?? 0, savefile: options.savefile ?? false };
  let ast;
  try {
    ast = parseFilter(expr);
  } catch (e) {
    // libpcap reports a semantic error in an earlier primitive before the syntax error.
    if (e instanceof FilterSyntaxError) new CodeGen(lt, genOptions).checkPrimitives(e.completed);
    throw e;
  }
  const gen = new CodeGen(lt, genOptions);
  let root = gen.program(ast);
  if ((options.optimize ?? true) && !gen.noOptimize) root = optimizeBlocks(root);
  return linearize(root);
}
