/**
 * Syntax highlighting for the three text inputs, as CodeMirror stream tokenizers: eBPF assembly
 * (the llvm/kernel C-like syntax `r0 = *(u32 *)(r1 + 4)` and the conformance syntax
 * `ldxw %r0, [%r1+4]` alike), classic `bpf_asm`, and tcpdump filter expressions. They only colour;
 * the session's assemblers and compiler decide what is valid.
 */
import { StreamLanguage, type StreamParser } from '@codemirror/language';

interface NoState { inBlockComment: boolean }
const startState = (): NoState => ({ inBlockComment: false });

function blockComment(stream: Parameters<StreamParser<NoState>['token']>[0], state: NoState): string {
  while (!stream.eol()) {
    if (stream.match('*/')) { state.inBlockComment = false; return 'comment'; }
    stream.next();
  }
  return 'comment';
}

const EBPF_KEYWORDS = new Set(['if', 'goto', 'call', 'exit', 'callx', 'may_goto', 'gotol', 'lock', 'll', 'be16', 'be32', 'be64', 'le16', 'le32', 'le64', 'bswap16', 'bswap32', 'bswap64', 'atomic_fetch_add', 'atomic_fetch_and', 'atomic_fetch_or', 'atomic_fetch_xor', 'xchg', 'cmpxchg', 'map', 'addr_space_cast']);
const EBPF_TYPES = /^(u8|u16|u32|u64|s8|s16|s32|s64)$/;

const ebpfParser: StreamParser<NoState> = {
  name: 'ebpf-asm',
  startState,
  token(stream, state) {
    if (state.inBlockComment) return blockComment(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match(/^;\s*[a-z_]+:/)) { stream.skipToEnd(); return 'meta'; }   // `; type: xdp`
    if (stream.match(';') || stream.match('#') || stream.match('//')) { stream.skipToEnd(); return 'comment'; }
    if (stream.match('/*')) { state.inBlockComment = true; return blockComment(stream, state); }
    if (stream.match(/^%?[rw]\d+\b/)) return 'variableName';
    if (stream.match(/^-?(0x[0-9a-fA-F]+|\d+)\b/)) return 'number';
    if (stream.match(/^[A-Za-z_.][\w.]*:/)) return 'labelName';
    const word = stream.match(/^[A-Za-z_.][\w.]*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      if (EBPF_KEYWORDS.has(w)) return 'keyword';
      if (EBPF_TYPES.test(w)) return 'typeName';
      return stream.peek() === ' ' || stream.eol() ? 'keyword' : 'atom';   // conformance mnemonics
    }
    if (stream.match(/^[-+*/%&|^<>=!s]+/)) return 'operator';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: ';' } },
};

const classicParser: StreamParser<NoState> = {
  name: 'bpf-asm',
  startState,
  token(stream, state) {
    if (state.inBlockComment) return blockComment(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match(';') || stream.match('#') || stream.match('//')) { stream.skipToEnd(); return 'comment'; }
    if (stream.match('/*')) { state.inBlockComment = true; return blockComment(stream, state); }
    if (stream.match(/^#?-?(0x[0-9a-fA-F]+|0b[01]+|\d+)\b/)) return 'number';
    if (stream.match(/^[A-Za-z_]\w*:/)) return 'labelName';
    if (stream.match(/^(a|x|%a|%x|M)\b/i)) return 'variableName';
    if (stream.match(/^(ld|ldi|ldh|ldb|ldx|ldxi|ldxb|ldxh|st|stx|add|sub|mul|div|mod|neg|and|or|xor|lsh|rsh|jmp|ja|jeq|jneq|jne|jlt|jle|jgt|jge|jset|tax|txa|ret)\b/)) return 'keyword';
    if (stream.match(/^(len|proto|type|poff|ifidx|nla|nlan|mark|queue|hatype|rxhash|cpu|vlan_tci|vlan_pr|vlan_avail|vlan_tpid|rand)\b/)) return 'atom';
    if (stream.match(/^[A-Za-z_]\w*/)) return 'labelName';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: ';' } },
};

const FILTER_KEYWORDS = /^(and|or|not|src|dst|host|net|mask|port|portrange|proto|less|greater|broadcast|multicast|gateway|len|inbound|outbound|vlan|mpls|pppoed|pppoes|geneve|ether|ip|ip6|arp|rarp|tcp|udp|icmp|icmp6|igmp|sctp|decnet|atalk|aarp|iso|stp|ipx|netbeui|llc|wlan|type|subtype|dir|protochain|ifname|on|rnr|rulenum|reason|rset|ruleset|srnr|subrulenum|action)\b/;

const filterParser: StreamParser<NoState> = {
  name: 'pcap-filter',
  startState,
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^(0x[0-9a-fA-F]+|\d+(\.\d+){0,3}(\/\d+)?)\b/)) return 'number';
    if (stream.match(/^([0-9a-fA-F]{1,2}[:.-]){5}[0-9a-fA-F]{1,2}/)) return 'number';
    if (stream.match(FILTER_KEYWORDS)) return 'keyword';
    if (stream.match(/^(&&|\|\||!|==|!=|<=|>=|<<|>>|[-+*/%&|^<>=()[\]:])/)) return 'operator';
    if (stream.match(/^[A-Za-z_][\w.-]*/)) return 'variableName';
    stream.next();
    return null;
  },
};

export const ebpfAsm = StreamLanguage.define(ebpfParser);
export const classicAsm = StreamLanguage.define(classicParser);
export const pcapFilter = StreamLanguage.define(filterParser);
