/**
 * Builds examples/traffic.pcap, the capture the examples and the README run on: a deterministic
 * mix of IPv4/IPv6 TCP (web, ssh, SYNs), UDP (DNS to 8.8.8.8 with valid checksums, discard port
 * 9), ICMP, ARP, low-TTL packets and sources inside the drop-list prefixes.
 *
 *   node --import tsx scripts/make-example-pcap.ts [count] [out]
 */
import { writeFileSync } from 'node:fs';
import { build, collectingOutput, PcapWriter } from '../src/pcap/index.js';

const { ether, ipv4, ipv6, tcp, udp, icmp, arp, payload, EtherType, IpProto, TcpFlag } = build;

/** Deterministic xorshift. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function sum16(bytes: Uint8Array, start = 0): number {
  let s = start;
  for (let i = 0; i + 1 < bytes.length; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
  if (bytes.length % 2) s += bytes[bytes.length - 1]! << 8;
  return s;
}

/** Fills the UDP checksum of an IPv4 packet (header length 20). */
function withUdpChecksum(ip: Uint8Array): Uint8Array {
  const seg = ip.subarray(20);
  const pseudo = new Uint8Array(12);
  pseudo.set(ip.subarray(12, 20), 0);
  pseudo[9] = IpProto.UDP;
  pseudo[10] = seg.length >> 8;
  pseudo[11] = seg.length & 0xff;
  let s = sum16(seg, sum16(pseudo));
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  const c = ~s & 0xffff || 0xffff;
  seg[6] = c >> 8;
  seg[7] = c & 0xff;
  return ip;
}

export function examplePackets(count: number, seed = 7): Uint8Array[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const mac1 = '02:00:00:00:00:01', mac2 = '02:00:00:00:00:02';
  const sources = ['192.0.2.10', '198.51.100.7', '10.1.2.3', '192.168.66.40', '172.16.5.9', '172.16.5.10', '203.0.113.99'];
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r();
    const src = pick(sources);
    const ttl = r() < 0.05 ? 1 : 64;
    const size = Math.floor(r() * 200);
    let frame: Uint8Array;
    if (kind < 0.35) {
      const dport = pick([80, 443, 22, 8080]);
      const flags = r() < 0.3 ? TcpFlag.SYN : TcpFlag.ACK | TcpFlag.PSH;
      frame = ether(mac2, mac1, EtherType.IPV4, ipv4(src, '192.0.2.1', IpProto.TCP, tcp(1024 + (i % 5000), dport, payload(size, i), { flags, seq: i }), { ttl, id: i }));
    } else if (kind < 0.55) {
      const dns = r() < 0.5;
      const ip = ipv4(src, dns ? '8.8.8.8' : '192.0.2.53', IpProto.UDP, udp(30000 + (i % 1000), dns ? 53 : pick([9, 123, 5353]), payload(size + 12, i)), { ttl, id: i });
      frame = ether(mac2, mac1, EtherType.IPV4, withUdpChecksum(ip));
    } else if (kind < 0.65) {
      frame = ether(mac2, mac1, EtherType.IPV4, ipv4(src, '192.0.2.1', IpProto.ICMP, icmp(8, 0, payload(size, i)), { ttl, id: i }));
    } else if (kind < 0.72) {
      frame = ether('ff:ff:ff:ff:ff:ff', mac1, EtherType.ARP, arp(1, mac1, src, '00:00:00:00:00:00', '192.0.2.1'));
    } else if (kind < 0.85) {
      frame = ether(mac2, mac1, EtherType.IPV6, ipv6('2001:db8::1', '2001:db8::2', IpProto.TCP, tcp(40000, pick([80, 443]), payload(size, i), { flags: TcpFlag.SYN })));
    } else if (kind < 0.92) {
      frame = ether('33:33:00:00:00:01', mac1, EtherType.IPV6, ipv6('fe80::1', 'ff02::1', IpProto.ICMPV6, icmp(128, 0, payload(size, i))));
    } else {
      frame = ether(mac2, mac1, EtherType.IPV4, ipv4(src, '192.0.2.1', IpProto.TCP, tcp(5555, 80, payload(size, i), { flags: TcpFlag.SYN | TcpFlag.ACK }), { ttl }));
    }
    out.push(frame);
  }
  return out;
}

export function writePcap(frames: Iterable<Uint8Array>): Uint8Array {
  const { out, bytes } = collectingOutput();
  const w = new PcapWriter(out, { linkType: 1 });
  let i = 0;
  for (const f of frames) {
    w.writePacket(f, f.length, 1_700_000_000 + Math.floor(i / 1000), (i % 1000) * 1000);
    i++;
  }
  return bytes();
}

const isMain = process.argv[1]?.endsWith('make-example-pcap.ts');
if (isMain) {
  const count = Number(process.argv[2] ?? 1000);
  const path = process.argv[3] ?? new URL('../examples/traffic.pcap', import.meta.url).pathname;
  writeFileSync(path, writePcap(examplePackets(count)));
  console.log(`wrote ${count} packets to ${path}`);
}
