/**
 * A small packet builder for tests, fixtures and benchmarks: Ethernet (with 802.1Q tags), IPv4, IPv6,
 * ARP, TCP, UDP and ICMP, each a function from fields and payload to bytes. Checksums: the IPv4 header
 * checksum is computed; TCP/UDP/ICMP checksums are left 0 (filters never look at them).
 */

export function mac(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6) throw new Error(`bad MAC address '${text}'`);
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

export function ipv4Addr(text: string): Uint8Array {
  const parts = text.split('.');
  if (parts.length !== 4) throw new Error(`bad IPv4 address '${text}'`);
  return Uint8Array.from(parts, (p) => Number(p));
}

export function ipv6Addr(text: string): Uint8Array {
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) throw new Error(`bad IPv6 address '${text}'`);
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { const n = parseInt(g, 16); out[2 * i] = n >> 8; out[2 * i + 1] = n & 0xff; });
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function be16(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}

function be32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

export const EtherType = { IPV4: 0x0800, ARP: 0x0806, RARP: 0x8035, VLAN: 0x8100, IPV6: 0x86dd, MPLS: 0x8847 } as const;
export const IpProto = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58, SCTP: 132 } as const;

/** Ethernet II frame; each entry of `vlans` adds an 802.1Q tag (TCI) in front of `type`. */
export function ether(dst: string, src: string, type: number, payload: Uint8Array, vlans: number[] = []): Uint8Array {
  const tags = vlans.map((tci) => concat(be16(EtherType.VLAN), be16(tci)));
  return concat(mac(dst), mac(src), ...tags, be16(type), payload);
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface Ipv4Options {
  ttl?: number;
  id?: number;
  tos?: number;
  /** Fragment offset in 8-byte units. */
  fragOffset?: number;
  moreFragments?: boolean;
  dontFragment?: boolean;
  /** IP options (padded to 4 bytes here). */
  options?: Uint8Array;
}

export function ipv4(src: string, dst: string, proto: number, payload: Uint8Array, o: Ipv4Options = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const optLen = (opts.length + 3) & ~3;
  const hlen = 20 + optLen;
  const h = new Uint8Array(hlen);
  const flags = (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | ((o.fragOffset ?? 0) & 0x1fff);
  h[0] = 0x40 | (hlen >> 2);
  h[1] = o.tos ?? 0;
  h.set(be16(hlen + payload.length), 2);
  h.set(be16(o.id ?? 1), 4);
  h.set(be16(flags), 6);
  h[8] = o.ttl ?? 64;
  h[9] = proto;
  h.set(ipv4Addr(src), 12);
  h.set(ipv4Addr(dst), 16);
  h.set(opts, 20);
  h.set(be16(checksum(h)), 10);
  return concat(h, payload);
}

export function ipv6(src: string, dst: string, nextHeader: number, payload: Uint8Array, o: { hopLimit?: number; flowLabel?: number } = {}): Uint8Array {
  const h = new Uint8Array(40);
  h.set(be32((6 << 28) | ((o.flowLabel ?? 0) & 0xfffff)), 0);
  h.set(be16(payload.length), 4);
  h[6] = nextHeader;
  h[7] = o.hopLimit ?? 64;
  h.set(ipv6Addr(src), 8);
  h.set(ipv6Addr(dst), 24);
  return concat(h, payload);
}

/** ARP for IPv4 over Ethernet; op 1 request, 2 reply. */
export function arp(op: number, sha: string, spa: string, tha: string, tpa: string): Uint8Array {
  return concat(be16(1), be16(0x0800), Uint8Array.of(6, 4), be16(op), mac(sha), ipv4Addr(spa), mac(tha), ipv4Addr(tpa));
}

export const TcpFlag = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

export function tcp(sport: number, dport: number, payload: Uint8Array = new Uint8Array(0),
  o: { flags?: number; seq?: number; ack?: number; window?: number } = {}): Uint8Array {
  const h = new Uint8Array(20);
  h.set(be16(sport), 0);
  h.set(be16(dport), 2);
  h.set(be32(o.seq ?? 0), 4);
  h.set(be32(o.ack ?? 0), 8);
  h[12] = 5 << 4;
  h[13] = o.flags ?? TcpFlag.ACK;
  h.set(be16(o.window ?? 65535), 14);
  return concat(h, payload);
}

export function udp(sport: number, dport: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return concat(be16(sport), be16(dport), be16(8 + payload.length), be16(0), payload);
}

/** ICMP (or ICMPv6: the same 4-byte header) with a 4-byte rest-of-header of zeros before `payload`. */
export function icmp(type: number, code: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return concat(Uint8Array.of(type, code, 0, 0, 0, 0, 0, 0), payload);
}

/** `n` payload bytes counting up from `seed`, so packets differ. */
export function payload(n: number, seed = 0): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (seed + i) & 0xff);
}
