/**
 * Deterministic random packets for testing filter programs: Ethernet (with 802.1Q/802.1ad/QinQ
 * tags, MPLS label stacks and PPPoE sessions), Linux cooked (SLL), BSD loopback (NULL) and raw IP framing around
 * IPv4 (with options and fragments), IPv6 (with a fragment header), ARP/RARP, TCP, UDP, ICMP,
 * ICMPv6, SCTP, IGMP and other protocols. Field values are drawn mostly from the constants the
 * golden expressions test (addresses, ports, flags, VLAN ids), so that most expressions see both
 * matching and non-matching packets. Some packets are truncated (capture length < wire length).
 */

export interface TestPacket {
  /** Captured bytes. */
  data: Uint8Array;
  /** Original length on the wire. */
  wireLen: number;
}

/** xorshift32: small, fast and the same everywhere. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bytes(n: number): number[] {
    return Array.from({ length: n }, () => this.int(256));
  }
}

const V4 = ['10.0.0.1', '10.0.0.2', '1.2.3.4', '5.6.7.8', '9.9.9.9', '192.168.1.1', '10.0.0.254', '255.255.255.255',
  '0.0.0.0', '172.16.5.4', '172.32.0.1', '224.0.0.1', '239.1.2.3', '10.1.2.3', '10.1.0.9', '192.168.200.3', '8.8.8.8'];
const V6 = ['::1', 'fe80::1', '2001:db8::1', '2001:db8:0:1::2', '::ffff:1.2.3.4', 'fe80::1:2:3:4', 'ff02::1',
  '2001:db8:ffff::5', '2001:db9::1', '::'];
const MACS = ['00:11:22:33:44:55', '00:01:02:03:04:05', '01:02:03:04:05:06', 'ff:ff:ff:ff:ff:ff',
  '01:00:5e:00:00:01', '33:33:00:00:00:01', '00:00:00:00:00:00', '00:11:22:33:44:56'];
const PORTS = [22, 23, 53, 67, 68, 80, 443, 7, 9, 1024, 8080, 6000, 6005, 6010, 6011, 33434, 33534, 0, 65535, 1, 2, 3, 5, 100, 1023, 123];
const VLAN_IDS = [0, 10, 20, 100, 200, 4095];
const MPLS_LABELS = [10, 20, 100, 1048575, 0];
const ICMP_TYPES = [0, 3, 4, 5, 8, 11, 13];
const ICMP6_TYPES = [1, 128, 129, 135, 136, 143];

function parseV4(s: string): number[] {
  return s.split('.').map(Number);
}
function parseV6(s: string): number[] {
  let text = s;
  let tail: number[] = [];
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (m) {
    tail = parseV4(m[2]!);
    text = m[1]!.endsWith('::') ? m[1]! : m[1]!.slice(0, -1);
  }
  const [head = '', rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - tail.length / 2 - h.length - t.length).fill('0'), ...t];
  return [...groups.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 0xff]; }), ...tail];
}
const macBytes = (s: string) => s.split(':').map((p) => parseInt(p, 16));
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function v4addr(r: Rng): number[] {
  return r.chance(0.85) ? parseV4(r.pick(V4)) : r.bytes(4);
}
function v6addr(r: Rng): number[] {
  return r.chance(0.85) ? parseV6(r.pick(V6)) : r.bytes(16);
}
function port(r: Rng): number {
  return r.chance(0.85) ? r.pick(PORTS) : r.int(65536);
}

function transport(r: Rng, proto: number, v6: boolean): number[] {
  const payload = r.chance(0.2) ? [0x47, 0x45, 0x54, 0x20, ...r.bytes(4)] : r.bytes(r.int(24));
  switch (proto) {
    case 6: {
      const flags = r.chance(0.5) ? r.pick([0x02, 0x12, 0x10, 0x11, 0x04, 0x18, 0x01, 0x20, 0x40, 0x80]) : r.int(256);
      const doff = r.chance(0.8) ? 5 : r.pick([6, 8, 15]);
      const opts = new Array<number>((doff - 5) * 4).fill(1);
      return [...be16(port(r)), ...be16(port(r)), ...be32(r.chance(0.2) ? 0 : r.next()), ...be32(r.next()),
        (doff << 4) | r.pick([0, 0, 1]), flags, ...be16(r.int(65536)), 0, 0, 0, 0, ...opts, ...(r.chance(0.3) ? [0x16, 3, 1] : []), ...payload];
    }
    case 17: return [...be16(port(r)), ...be16(port(r)), ...be16(r.chance(0.5) ? 8 + payload.length : r.int(2048)), 0, 0, ...payload];
    case 132: return [...be16(port(r)), ...be16(port(r)), ...be32(r.next()), 0, 0, 0, 0, ...payload];
    case 1: return [r.chance(0.85) ? r.pick(ICMP_TYPES) : r.int(256), r.pick([0, 0, 1, 3]), 0, 0, ...payload];
    case 58: return [r.chance(0.85) ? r.pick(ICMP6_TYPES) : r.int(256), r.pick([0, 0, 1]), 0, 0, ...payload];
    case 2: return [r.pick([0x11, 0x16, 0x17, 0x22]), 0, 0, 0, ...r.bytes(4)];
    default: return v6 ? payload : payload;
  }
}

function ipv4(r: Rng): number[] {
  const proto = r.chance(0.85) ? r.pick([6, 6, 17, 17, 1, 132, 2, 47]) : r.int(256);
  const ihl = r.chance(0.85) ? 5 : r.pick([6, 7, 15]);
  const body = transport(r, proto, false);
  const total = 4 * ihl + body.length;
  const frag = r.chance(0.8) ? r.pick([0, 0x4000]) : r.pick([0x2000, 0x0001, 0x2005, 0x1fff]);
  const tos = r.int(256);
  const ttl = r.pick([1, 5, 10, 63, 64, 128, 255]);
  const version = r.chance(0.97) ? 4 : 6;
  const hdr = [(version << 4) | ihl, tos, ...be16(r.chance(0.9) ? total : r.int(65536)), ...be16(r.int(65536)), ...be16(frag),
    ttl, proto, 0, 0, ...v4addr(r), ...v4addr(r), ...new Array<number>(4 * (ihl - 5)).fill(1)];
  return [...hdr, ...body];
}

function ipv6(r: Rng): number[] {
  let nh = r.chance(0.85) ? r.pick([6, 17, 58, 132, 44, 0]) : r.int(256);
  let ext: number[] = [];
  if (nh === 44) {
    const inner = r.pick([6, 17, 58]);
    ext = [inner, 0, ...be16(r.pick([0, 1, 8])), ...be32(r.next())];
    const body = transport(r, inner, true);
    return [...ipv6Header(r, nh, ext.length + body.length), ...ext, ...body];
  }
  if (nh === 0) {
    const inner = r.pick([6, 17]);
    ext = [inner, 0, 1, 4, 0, 0, 0, 0];
    const body = transport(r, inner, true);
    return [...ipv6Header(r, nh, ext.length + body.length), ...ext, ...body];
  }
  const body = transport(r, nh, true);
  nh = nh & 0xff;
  return [...ipv6Header(r, nh, body.length), ...body];
}
function ipv6Header(r: Rng, nh: number, plen: number): number[] {
  const version = r.chance(0.97) ? 6 : 4;
  return [(version << 4) | r.int(16), r.int(256), r.int(256), r.int(256), ...be16(r.chance(0.9) ? plen : r.int(65536)), nh,
    r.pick([1, 64, 255]), ...v6addr(r), ...v6addr(r)];
}

function arp(r: Rng): number[] {
  return [0, 1, 8, 0, 6, 4, ...be16(r.pick([1, 2, 3, 4])), ...macBytes(r.pick(MACS)), ...v4addr(r), ...macBytes(r.pick(MACS)), ...v4addr(r)];
}

/** A network-layer packet and the ethertype that announces it. */
function network(r: Rng, allowOther: boolean): { type: number; bytes: number[] } {
  const x = r.int(100);
  if (x < 50) return { type: 0x0800, bytes: ipv4(r) };
  if (x < 78) return { type: 0x86dd, bytes: ipv6(r) };
  if (!allowOther) return x < 89 ? { type: 0x0800, bytes: ipv4(r) } : { type: 0x86dd, bytes: ipv6(r) };
  if (x < 88) return { type: 0x0806, bytes: arp(r) };
  if (x < 92) return { type: 0x8035, bytes: arp(r) };
  return { type: r.pick([0x88cc, 0x9000, 0x0842, 100, 1500, 0x05dc, 0x0064]), bytes: r.bytes(20 + r.int(30)) };
}

function ethernet(r: Rng): number[] {
  const dst = r.chance(0.3) ? macBytes(r.pick(MACS)) : r.chance(0.5) ? macBytes(r.pick(MACS)) : r.bytes(6);
  const src = r.chance(0.7) ? macBytes(r.pick(MACS)) : r.bytes(6);
  const tags: number[] = [];
  let tagCount = r.chance(0.75) ? 0 : r.pick([1, 1, 2]);
  while (tagCount-- > 0) tags.push(...be16(r.pick([0x8100, 0x8100, 0x88a8, 0x9100])), ...be16((r.int(8) << 13) | (r.chance(0.8) ? r.pick(VLAN_IDS) : r.int(4096))));
  if (r.chance(0.1)) {
    // MPLS label stack.
    const depth = r.pick([1, 1, 2, 3]);
    const labels: number[] = [];
    for (let i = 0; i < depth; i++) {
      const label = r.chance(0.8) ? r.pick(MPLS_LABELS) : r.int(1 << 20);
      const bos = i === depth - 1 ? 1 : 0;
      labels.push(...be32(((label << 12) | (r.int(8) << 9) | (bos << 8) | 64) >>> 0));
    }
    const inner = network(r, false);
    return [...dst, ...src, ...tags, 0x88, 0x47, ...labels, ...inner.bytes];
  }
  if (r.chance(0.05)) {
    // PPPoE session frame carrying IPv4 or IPv6 over PPP.
    const inner = network(r, false);
    const pppProto = inner.type === 0x0800 ? 0x0021 : 0x0057;
    const body = [...be16(pppProto), ...inner.bytes];
    return [...dst, ...src, ...tags, 0x88, 0x64, 0x11, 0x00, ...be16(r.pick([5, 1, 0x1234])), ...be16(body.length), ...body];
  }
  if (r.chance(0.04)) {
    // 802.3 frame with an LLC header.
    const dsap = r.pick([0x42, 0x64, 0xaa, 0xe0, 0x06, 0xfe, 0xf0]);
    const body = [dsap, dsap, 3, ...r.bytes(20)];
    return [...dst, ...src, ...tags, ...be16(body.length), ...body];
  }
  const net = network(r, true);
  return [...dst, ...src, ...tags, ...be16(net.type), ...net.bytes];
}

function linuxSll(r: Rng): number[] {
  const net = network(r, true);
  const proto = r.chance(0.05) ? 4 : net.type;
  const body = proto === 4 ? [r.pick([0x42, 0x64, 0xaa]), 0, 3, ...r.bytes(20)] : net.bytes;
  return [...be16(r.pick([0, 1, 4])), 0, 1, 0, 6, ...macBytes(r.pick(MACS)), 0, 0, ...be16(proto), ...body];
}

function bsdNull(r: Rng): number[] {
  const net = network(r, false);
  const af = r.chance(0.9) ? (net.type === 0x0800 ? 2 : 10) : r.pick([2, 10, 24, 28, 30, 7]);
  return [af & 0xff, (af >> 8) & 0xff, 0, 0, ...net.bytes]; // host (little-endian) byte order
}

function rawIp(r: Rng): number[] {
  return r.chance(0.95) ? network(r, false).bytes : r.bytes(40);
}

export type FramingLinkType = 'EN10MB' | 'RAW' | 'LINUX_SLL' | 'NULL';

export function makePackets(linkType: FramingLinkType, count: number, seed: number): TestPacket[] {
  const r = new Rng(seed);
  const frame = { EN10MB: ethernet, RAW: rawIp, LINUX_SLL: linuxSll, NULL: bsdNull }[linkType];
  const out: TestPacket[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = frame(r);
    const wireLen = bytes.length;
    // A few truncated captures exercise out-of-bounds loads.
    const caplen = r.chance(0.06) ? r.int(wireLen + 1) : wireLen;
    out.push({ data: Uint8Array.from(bytes.slice(0, caplen)), wireLen });
  }
  return out;
}

/** LINKTYPE_ values for the pcap header. */
export const LINKTYPE_NUMBER: Record<FramingLinkType, number> = { EN10MB: 1, RAW: 101, LINUX_SLL: 113, NULL: 0 };

/** A little-endian microsecond pcap file; packet i gets timestamp i seconds. */
export function pcapFile(linkType: FramingLinkType, packets: TestPacket[]): Uint8Array {
  const size = 24 + packets.reduce((n, p) => n + 16 + p.data.length, 0);
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 262144, true);
  dv.setUint32(20, LINKTYPE_NUMBER[linkType], true);
  let at = 24;
  packets.forEach((p, i) => {
    dv.setUint32(at, i, true);
    dv.setUint32(at + 4, 0, true);
    dv.setUint32(at + 8, p.data.length, true);
    dv.setUint32(at + 12, p.wireLen, true);
    buf.set(p.data, at + 16);
    at += 16 + p.data.length;
  });
  return buf;
}

/** The timestamps (= packet indices) of the records of a little-endian pcap file. */
export function pcapIndices(file: Uint8Array): number[] {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: number[] = [];
  for (let at = 24; at + 16 <= file.length;) {
    out.push(dv.getUint32(at, true));
    at += 16 + dv.getUint32(at + 8, true);
  }
  return out;
}
