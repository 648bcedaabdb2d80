/**
 * Scanner for pcap-filter(7) expressions, following libpcap's flex rules: the longest match wins,
 * and on a tie keywords, numbers and addresses win over plain names. So `10.0.0.1` is an IPv4
 * address, `1.2.3.4.5` and `len-14` are names, and `tcp-syn` is a number.
 */
import { FilterError } from './errors.js';
import { NAMED_NUMBERS } from './names.js';

export type TokenKind =
  | 'num' // a number (decimal, 0x hex, 0 octal) or a named constant
  | 'hid' // dotted IPv4 address or prefix: 10, 10.1, 10.1.2.3 are HID only with a dot
  | 'hid6' // IPv6 address
  | 'eid' // MAC-48 address
  | 'id' // a name (host, service, protocol) or a backslash-escaped keyword
  | 'kw' // keyword
  | 'op' // punctuation and operators
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Numeric value of a `num` token. */
  value: number;
  /** 1-based column. */
  column: number;
}

/** Keywords of the scanner. Synonyms map to one canonical spelling. */
const KEYWORDS: Record<string, string> = {
  link: 'link', ether: 'link', ppp: 'link', slip: 'link', fddi: 'link', tr: 'link', wlan: 'link',
  ip: 'ip', ip6: 'ip6', arp: 'arp', rarp: 'rarp', tcp: 'tcp', udp: 'udp', icmp: 'icmp', icmp6: 'icmp6',
  igmp: 'igmp', igrp: 'igrp', pim: 'pim', vrrp: 'vrrp', carp: 'carp', sctp: 'sctp', ah: 'ah', esp: 'esp',
  radio: 'radio', atalk: 'atalk', aarp: 'aarp', decnet: 'decnet', lat: 'lat', sca: 'sca', moprc: 'moprc',
  mopdl: 'mopdl', iso: 'iso', esis: 'esis', 'es-is': 'esis', isis: 'isis', 'is-is': 'isis', clnp: 'clnp',
  stp: 'stp', ipx: 'ipx', netbeui: 'netbeui', l1: 'l1', l2: 'l2', iih: 'iih', lsp: 'lsp', snp: 'snp',
  csnp: 'csnp', psnp: 'psnp',
  src: 'src', dst: 'dst', host: 'host', net: 'net', port: 'port', portrange: 'portrange', gateway: 'gateway',
  proto: 'proto', protochain: 'protochain', mask: 'mask', and: 'and', or: 'or', not: 'not',
  broadcast: 'broadcast', multicast: 'multicast', less: 'less', greater: 'greater', len: 'len', length: 'len',
  byte: 'byte', vlan: 'vlan', mpls: 'mpls', pppoed: 'pppoed', pppoes: 'pppoes', geneve: 'geneve',
  inbound: 'inbound', outbound: 'outbound', ifindex: 'ifindex', llc: 'llc', type: 'type', subtype: 'subtype',
  dir: 'dir', direction: 'dir', ra: 'ra', ta: 'ta', addr1: 'addr1', address1: 'addr1', addr2: 'addr2',
  address2: 'addr2', addr3: 'addr3', address3: 'addr3', addr4: 'addr4', address4: 'addr4',
  on: 'on', ifname: 'on', rnr: 'rnr', rulenum: 'rnr', reason: 'reason', rset: 'rset', ruleset: 'rset',
  srnr: 'srnr', subrulenum: 'srnr', action: 'action', lane: 'lane', metac: 'metac', bcc: 'bcc', sc: 'sc',
  ilmic: 'ilmic', oam: 'oam', oamf4: 'oamf4', oamf4ec: 'oamf4ec', oamf4sc: 'oamf4sc', connectmsg: 'connectmsg',
  metaconnect: 'metaconnect', vpi: 'vpi', vci: 'vci', fisu: 'fisu', lssu: 'lssu', msu: 'msu', sio: 'sio',
  opc: 'opc', dpc: 'dpc', sls: 'sls', hfisu: 'hfisu', hlssu: 'hlssu', hmsu: 'hmsu', hsio: 'hsio', hopc: 'hopc',
  hdpc: 'hdpc', hsls: 'hsls',
};

/** Multi-character operators, longest first. */
const OPERATORS = ['&&', '||', '<<', '>>', '<=', '>=', '==', '!=', '(', ')', '[', ']', ':', '!', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^'];

const ID_RE = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/;
const NUM_RE = /^(?:0[xX][0-9A-Fa-f]+|[0-9]+)/;
const HID_RE = /^[0-9]+(?:\.[0-9]+){1,3}/;
const MAC_RE = /^(?:[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}|[0-9A-Fa-f]{1,2}(?:-[0-9A-Fa-f]{1,2}){5}|[0-9A-Fa-f]{1,2}(?:\.[0-9A-Fa-f]{1,2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}|[0-9A-Fa-f]{12})/;
const V6_RE = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/;

/** Parses a C-style unsigned number (hex, octal or decimal); undefined if it needs more than 32 bits. */
export function parseNumber(text: string): number | undefined {
  let v: bigint;
  if (/^0[xX]/.test(text)) v = BigInt(text);
  else if (/^0[0-7]*$/.test(text) && text.length > 1) v = BigInt('0o' + text.slice(1));
  else v = BigInt(text.replace(/[^0-9].*$/, '') || '0');
  return v > 0xffffffffn ? undefined : Number(v);
}

/** Parses an IPv6 address into four big-endian 32-bit words, or undefined. */
export function parseIpv6(text: string): [number, number, number, number] | undefined {
  let s = text;
  let tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const parts = v4[2]!.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    tail = [(parts[0]! << 8) | parts[1]!, (parts[2]! << 8) | parts[3]!];
    s = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string): number[] | undefined => {
    if (h === '') return [];
    const gs = h.split(':');
    if (gs.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
    return gs.map((g) => parseInt(g, 16));
  };
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (known > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  } else {
    if (known !== 8) return undefined;
    groups = [...head, ...tail];
  }
  const w = (i: number) => ((groups[i]! << 16) | groups[i + 1]!) >>> 0;
  return [w(0), w(2), w(4), w(6)];
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    const column = i + 1;
    const rest = src.slice(i);
    if (c === '\\') {
      const m = /^\\[^ !()\n\t]+/.exec(rest);
      if (m) { tokens.push({ kind: 'id', text: m[0].slice(1), value: 0, column }); i += m[0].length; continue; }
    }
    if (/[A-Za-z0-9:]/.test(c)) {
      // Candidates, in flex's rule order (earlier wins a tie).
      const idText = ID_RE.exec(rest)?.[0] ?? '';
      const cands: { kind: TokenKind; text: string }[] = [];
      if (idText && Object.prototype.hasOwnProperty.call(KEYWORDS, idText)) cands.push({ kind: 'kw', text: idText });
      if (idText && Object.prototype.hasOwnProperty.call(NAMED_NUMBERS, idText)) cands.push({ kind: 'num', text: idText });
      const num = NUM_RE.exec(rest)?.[0];
      if (num) cands.push({ kind: 'num', text: num });
      const mac = MAC_RE.exec(rest)?.[0];
      if (mac) cands.push({ kind: 'eid', text: mac });
      const hid = HID_RE.exec(rest)?.[0];
      if (hid) cands.push({ kind: 'hid', text: hid });
      const v6 = V6_RE.exec(rest)?.[0];
      if (v6 && parseIpv6(v6)) cands.push({ kind: 'hid6', text: v6 });
      if (idText) cands.push({ kind: 'id', text: idText });
      let best = cands[0];
      for (const cand of cands) if (best && cand.text.length > best.text.length) best = cand;
      if (best) {
      let value = 0;
      if (best.kind === 'num') {
        const v = NAMED_NUMBERS[best.text] ?? parseNumber(best.text);
        if (v === undefined) throw new FilterError(`number ${best.text} overflows 32 bits`, column);
        value = v;
      }
      const text = best.kind === 'kw' ? KEYWORDS[best.text]! : best.text;
      tokens.push({ kind: best.kind, text, value, column });
      i += best.text.length;
      continue;
      }
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new FilterError(`syntax error: unexpected character '${c}'`, column);
    const canon = op === '&&' ? 'and' : op === '||' ? 'or' : op === '!' ? 'not' : op === '==' ? '=' : op;
    tokens.push({ kind: canon === op || op === '==' ? 'op' : 'kw', text: canon, value: 0, column });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '', value: 0, column: src.length + 1 });
  return tokens;
}
