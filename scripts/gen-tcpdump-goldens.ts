/**
 * Regenerates test/golden/tcpdump/expressions.json: for every filter expression below and every
 * link type, what tcpdump 4.99 / libpcap 1.10 prints for `-d`, `-dd`, `-ddd`, `-O -d` and `-O -ddd`
 * (or the error message when tcpdump rejects the expression).
 *
 *   node --import tsx scripts/gen-tcpdump-goldens.ts
 *
 * `-y LINKTYPE` without `-i`/`-r` compiles without opening a device, so no root or network is needed.
 * Expressions use numeric addresses only; the few service names are ones every /etc/services has.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LINK_TYPES = ['EN10MB', 'RAW', 'LINUX_SLL', 'NULL'] as const;

/** Expressions compiled for every link type. */
export const EXPRESSIONS: string[] = [
  // Empty and protocol primitives
  '', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'sctp', 'igmp',
  'ip proto 6', 'ip proto 1', 'ip6 proto 17', 'ip6 proto 58', 'proto 47', 'proto 6', 'ip proto 132',
  'ip and tcp', 'ip6 and udp', 'ip6 and tcp', 'ip and icmp', 'ip6 and icmp6', 'ip and sctp',
  'ether proto 0x800', 'ether proto 0x86dd', 'ether proto 0x806', 'ether proto 2048', 'ether proto 0x88cc',
  'ether proto 1500', 'ether proto 100', 'ip proto 300', 'ether proto 70000',
  // host
  'host 10.0.0.1', 'src host 10.0.0.1', 'dst host 10.0.0.1', 'src or dst host 1.2.3.4',
  'src and dst host 1.2.3.4', 'ip host 10.0.0.1', 'arp host 10.0.0.1', 'rarp host 10.0.0.1',
  'ip src host 192.168.1.1', 'arp dst host 10.0.0.254', '10.0.0.1', 'src 10.0.0.1', 'dst 10.0.0.2',
  'host 255.255.255.255', 'host 0.0.0.0',
  'host ::1', 'host fe80::1', 'ip6 host 2001:db8::1', 'src host 2001:db8::1', 'dst host 2001:db8:0:1::2',
  'host ::ffff:1.2.3.4', 'ip6 src host fe80::1:2:3:4', 'src and dst host ::1', '::1',
  'ether host 00:11:22:33:44:55', 'ether src 00:11:22:33:44:55', 'ether dst 00-11-22-33-44-55',
  'ether host 0011.2233.4455', 'ether src or dst 0:1:2:3:4:5', 'ether src and dst 00:11:22:33:44:55',
  'ether dst ff:ff:ff:ff:ff:ff', 'ether host 1:2:3:4:5:6 and ip',
  'host 10.0.0.1 and host 10.0.0.2', 'host 10.0.0.1 or host 10.0.0.2', 'host 10.0.0.1 or 10.0.0.2',
  'src host 10.0.0.1 or 10.0.0.2', 'not host 10.0.0.1 and 10.0.0.2', 'host 10.0.0.1 and not 10.0.0.2',
  // net
  'net 10.0.0.0/8', 'net 10', 'net 10.1', 'net 10.1.2', 'net 10.1.2.3', 'src net 192.168.0.0/16',
  'dst net 172.16.0.0 mask 255.240.0.0', 'net 10.0.0.0 mask 255.0.0.0', 'net 0.0.0.0/0', 'net 1.2.3.4/32',
  'net 10.0.0.0/33', 'net 10.0.0.1/8', 'net 10.0.0.1 mask 255.0.0.0', 'ip net 10.0.0.0/8',
  'arp net 10.0.0.0/8', 'rarp src net 10.0.0.0/8', 'src or dst net 10.0.0.0/24', 'src and dst net 10.0.0.0/24',
  'net 2001:db8::/32', 'ip6 net fe80::/10', 'src net 2001:db8::/48', 'dst net ::/0', 'net ::1/128',
  'net 2001:db8::/129', 'net 2001:db8::1/32', 'net 10.0.0.0/8 or net 192.168.0.0/16',
  'src net 10.0.0.0/8 and dst net 10.0.0.0/8', 'net 10.0.0.0/8 and not net 10.1.0.0/16',
  // port and portrange
  'port 22', 'tcp port 22', 'udp port 53', 'sctp port 80', 'src port 1024', 'dst port 80',
  'tcp src port 22', 'tcp dst port 443', 'udp src port 68', 'udp dst port 67', 'sctp dst port 9',
  'tcp dst port 443 or tcp dst port 80', 'port 22 or 80', 'port 22 or 80 or 443', 'port 22 and 80',
  'tcp port 22 or 80', 'not port 22', 'port ssh', 'port http', 'port domain', 'tcp port http',
  'udp port domain', 'port 0', 'port 65535', 'port 99999', 'port nosuchservice', 'ip and port 22',
  'ip6 and port 22', 'ip6 and tcp port 22', 'ip and udp port 53', 'tcp src or dst port 22',
  'udp src and dst port 53', 'src and dst port 7', 'tcp port 22 and host 10.0.0.1',
  'portrange 1-1024', 'tcp portrange 6000-6010', 'src portrange 1024-65535', 'udp dst portrange 33434-33534',
  'portrange 80-80', 'portrange 1024-1', 'portrange 1-70000', 'sctp portrange 1-2', 'ip6 and portrange 1-1023',
  'tcp src and dst portrange 1-1023', 'portrange 1-100 or port 8080',
  // length
  'len > 100', 'len <= 64', 'less 64', 'greater 1000', 'len = 60', 'len != 0', 'len >= 1500', 'len < 100',
  'less 0', 'greater 65535', 'len - 14 > 100', 'len & 1 = 1', 'len * 2 > 100', 'len / 2 < 50',
  // broadcast and multicast
  'broadcast', 'multicast', 'ether broadcast', 'ether multicast', 'ip broadcast', 'ip multicast',
  'ip6 multicast', 'not broadcast and not multicast', 'ether broadcast or ip multicast',
  // vlan and mpls
  'vlan', 'vlan 100', 'vlan and ip', 'vlan 100 and tcp port 80', 'vlan and vlan 200', 'vlan 10 and vlan 20',
  'vlan and host 1.2.3.4', 'vlan and ip6', 'not vlan', 'vlan or ip', 'ip or vlan', 'vlan 4095', 'vlan 4096',
  'vlan 0', 'vlan and arp', 'vlan and ether host 0:1:2:3:4:5', 'vlan and udp port 53', 'vlan and (tcp or udp)',
  'mpls', 'mpls 100', 'mpls and ip', 'mpls 10 and mpls 20', 'vlan and mpls', 'mpls and ip6',
  'mpls 1048575', 'mpls 1048576', 'mpls and host 1.2.3.4', 'not mpls', 'mpls or ip',
  // byte-offset expressions and arithmetic
  'ip[0] & 0xf != 5', 'ip[8] < 64', 'ip[6:2] & 0x1fff = 0', 'ip[2:2] > 576', 'ip[0] >> 4 = 4',
  'ip[0:4] = 0x45000054', 'ip[9] = 6', 'ip[16:4] = 0xffffffff', 'ip[1] + 1 > 2', 'ip[2:2] - 20 > 100',
  'ip[2:2] * 2 > 100', 'ip[2:2] / 4 > 10', 'ip[2:2] % 4 = 0', 'ip[0] | 1 = 0x45', 'ip[0] ^ 0x45 = 0',
  'ip[0] << 1 = 0x8a', 'ip[ip[0] & 0xf] = 1', 'ip[0] & 0xf > 5 and tcp', 'ip[0] = 0x45 or ip6[0] & 0xf0 = 0x60',
  'ip[0:3] = 1', 'ip[0:8] = 1', 'ip[0:1] == 0x45', 'ip[0:2] >= 0x4500', 'ip[0] <= 0x45', 'ip[0] != 0x45',
  'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0', 'tcp[tcpflags] & tcp-syn != 0', 'tcp[tcpflags] == tcp-syn',
  'tcp[tcpflags] & (tcp-fin|tcp-rst) != 0', 'tcp[tcpflags] & tcp-push != 0', 'tcp[tcpflags] & tcp-urg != 0',
  'tcp[tcpflags] & tcp-ece != 0', 'tcp[tcpflags] & tcp-cwr != 0', 'tcp[tcpflags] & tcp-ack = tcp-ack',
  'tcp[13] & 2 != 0', 'tcp[0:2] = 22', 'tcp[2:2] = 80', 'tcp[4:4] = 0', 'tcp[20] = 0x16',
  'tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420', 'tcp[12] & 0xf0 > 0x50',
  'udp[0:2] = 53', 'udp[2:2] > 1024', 'udp[8:4] = 0', 'udp[4:2] < 100',
  'icmp[icmptype] = icmp-echo', 'icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply',
  'icmp[0] = 8', 'icmp[icmpcode] = 0', 'icmp[icmptype] = icmp-unreach', 'icmp[icmptype] = icmp-timxceed',
  'icmp[icmptype] = icmp-redirect or icmp[icmptype] = icmp-sourcequench',
  'icmp6[icmp6type] = icmp6-echo', 'icmp6[icmp6type] = icmp6-echoreply', 'icmp6[0] = 135', 'icmp6[icmp6code] = 0',
  'ip6[6] = 58', 'ip6[40] = 128', 'ip6[0:4] & 0xfff00000 = 0x60000000', 'ip6[4:2] > 100',
  'ether[0] & 1 != 0', 'ether[12:2] = 0x800', 'ether[0:4] = 0xffffffff', 'ether[6:2] = 0', 'ether[len - 1] = 0',
  'link[0] = 1', 'link[14] = 0x45', 'arp[6:2] = 1', 'rarp[6:2] = 3', 'sctp[0:2] = 80', 'igmp[0] = 0x11',
  '1 = 1', '2 > 1', '1 + 1 = 2', '0 = 1', '0 != 0', '-1 = 0xffffffff', 'ip[0] - -1 = 0x46', '3 * 4 = 12',
  'len - 1 > 0', 'ip[2:2] + ip[4:2] > 10', 'ip[2:2] & 0xff00 = 0x0500', '(ip[0] & 0xf) * 4 = 20',
  'ip[0] & 0xf0 = 0x40 and ip[9] = 17', 'udp[0:2] = udp[2:2]', 'tcp[0:2] > tcp[2:2]', '10 / 0 = 1', '10 % 0 = 1',
  'ip[0] & 0 = 0', 'ip[0] | 0 = 0x45', 'ip[0] * 1 = 0x45', 'ip[0] + 0 = 0x45', 'ip[0] >> 0 = 0x45',
  'ip[0] >> 32 = 0', 'ip[0] << 33 = 0', 'ether[100000] = 1', 'ip[0] & 0xf != 5 and ip[0] & 0xf != 6',
  // boolean structure
  'tcp and not port 22', 'tcp or udp', 'not tcp', '!tcp', 'tcp && port 80', 'tcp || udp',
  '(tcp or udp) and port 53', 'not (tcp or udp)', 'tcp and (port 80 or port 443)', 'host 1.2.3.4 and not port 22',
  'tcp port 80 or 443 and host 1.2.3.4', 'not not tcp', 'ip and (tcp or udp or icmp)', 'ip and not ip6',
  'arp or rarp', 'not arp and not ip6', 'ether src 00:11:22:33:44:55 and ip',
  'tcp and tcp[tcpflags] & tcp-syn != 0 and not src net 10.0.0.0/8', '((tcp))', '(tcp) and (udp)',
  'tcp and udp', 'ip or ip6 or arp', 'not ip and not ip6 and not arp', 'icmp or icmp6',
  'tcp port 80 and (tcp[tcpflags] & (tcp-syn|tcp-fin) != 0)', 'src host 10.0.0.1 and dst port 53',
  'host 10.0.0.1 and (port 80 or port 8080) and not udp', 'not (host 10.0.0.1 or host 10.0.0.2)',
  'ip6 or not ip', '(ip and tcp) or (ip6 and udp)', 'tcp and len > 100 and ip[8] < 10',
  'udp and (port 53 or port 123 or port 67)', 'not port 22 and not port 53 and not port 123',
  'tcp[tcpflags] & tcp-syn != 0 or tcp[tcpflags] & tcp-fin != 0', 'ip6 and src net 2001:db8::/32 and tcp',
  'dst net 10.0.0.0/8 or src net 10.0.0.0/8', 'ether broadcast and arp', 'not ether broadcast',
  'greater 100 and less 200', 'ip and ip[8] = 1 and icmp', 'icmp and icmp[icmptype] = icmp-echo',
  'host 10.0.0.1 and port 22 or host 10.0.0.2 and port 23', 'not tcp or port 22',
  // errors
  'tcp and', 'port', '(tcp', 'tcp)', 'host', 'host 1.2.3.4.5', 'ip[0] =', 'foo', 'tcp port ssh2', 'tcp host 1.2.3.4',
  'ether host 1.2.3.4', 'ip6 host 1.2.3.4', 'ip host ::1', 'ip[0:5] = 1', 'ether[0] & = 1', 'portrange 10-',
  'and', 'not', 'tcp tcp', '1 = ', 'ip[', 'tcp[tcpflags', 'host 256.1.1.1', 'net 10.0.0.0 mask 255.0.255.0',
  'udp portrange 5-3x', 'ip proto foo', 'proto nosuchproto', 'ether proto nosuchproto', 'vlan abc',
  'port 1-2', 'src dst host 1.2.3.4', 'ip6 proto 256', 'len', 'less', 'tcp[0] = 1 = 2', 'host ::1::2',
  'host 1:2:3:4:5:6', 'ether host 1:2:3:4:5', 'net 10.0.0.0 mask 255.0.0.0/8', 'ip multicast and ip6 multicast',
  'icmp[icmptype] = icmp-nosuch', 'udp[tcpflags] = 0', 'arp port 22', 'ip6 broadcast', 'tcp proto 6',
];

/** Expressions that once parsed differently from libpcap's grammar (compiled for every link type). */
EXPRESSIONS.push(
  '1 + 2 ^ 3 * 4 = 1', '-len ^ 5 = 1', '1 ^ 2 ^ 3 = 0', 'not (1) & 3 = 1', 'len = 100 and not (1) & ip[0] = 1',
  '(1) = 1', 'host 10.0.0.1 and (10.0.0.2 or 10.0.0.3)', 'host 10.0.0.1 and not (10.0.0.2 or 10.0.0.3)',
  'tcp port 22 and (80 or 443)', 'src host 10.0.0.1 and not 10.0.0.2 or 10.0.0.3',
  '(len | ip[2048]) - (len) != --len % 1', 'len != len % -len >> 1', '1 / -13 % len > 1', 'len * 2 % 3 = 1',
  '1 % 2 * 3 = 1', '1 % 2 ^ 3 = 1', '-len - 1 = 1', '- - 1 = 1', 'len % 7 + 1 = 2',
  'len % (2048 & -8191) = 1', 'len / (1 - 1) = 1', 'ip[0] / (2 & 1) = 1',
  // byte and inbound/outbound
  'inbound', 'outbound', 'byte 2 = 5', 'byte 2 & 5', 'byte 2 | 5', 'byte 2 < 5', 'byte 2 > 5', 'byte 12 = 8 and ip',
  'byte 2 = 5 and inbound', 'tcp and outbound or byte 13 > 2', 'not inbound and udp', 'byte 2 != 5', 'byte x = 1',
  'gateway foo', 'gateway 10.0.0.1', 'ip gateway foo', 'src gateway foo', 'gateway ::1', 'gateway 00:11:22:33:44:55',
  // protochain: a loop over extension headers (backward ja), with the optimiser off
  'ip protochain 6', 'ip6 protochain 17', 'protochain 6', 'ip protochain \\tcp', 'ip6 protochain 58 and host ::1',
  'tcp protochain 6', 'ip protochain 6 or udp', 'protochain 6 and ip[0] = 1', 'protochain 17 or protochain 6',
  'src protochain 6', 'ip protochain nosuch', 'ip protochain 1.2.3.4', 'vlan and ip protochain 6', 'ip6 protochain 51',
  // 802.2 LLC
  'llc', 'llc i', 'llc s', 'llc u', 'llc rr', 'llc rnr', 'llc rej', 'llc ui', 'llc UA', 'llc xid', 'llc test', 'llc frmr',
  'llc foo', 'llc and ip', 'not llc i or llc s',
  // interface index, PPPoE discovery, 32-bit overflow
  'ifindex 1', 'ifindex 0xffffffff', 'pppoed', 'pppoed or arp', 'ifindex', 'ifindex 0x100000000', 'port 4294967296',
  'ip[0] = 4294967295', 'ip[0] = 4294967296',
  // PPPoE sessions: what follows looks at the PPP frame inside
  'pppoes', 'pppoes 5', 'pppoes and ip', 'pppoes and arp', 'pppoes and ether host 1:2:3:4:5:6', 'pppoes and vlan',
  'pppoes and mpls', 'pppoes and broadcast', 'pppoes and tcp port 22', 'pppoes 70000', 'pppoes and pppoes',
  'pppoes and llc', 'pppoes and inbound', 'pppoes and ip6 host ::1', 'vlan and pppoes 5 and ip',
  'pppoes and host 10.0.0.1 and udp[0:2] = 53', 'pppoes and mpls 5 and ip', 'pppoes and ip multicast',
  // long programs: branches beyond 255 instructions need extra `ja`s when unoptimised
  'port 1 or 2 or 3 or 4 or 5 or 6 or 7 or 8', 'host 10.0.0.1 and (port 1 or 2 or 3 or 4 or 5 or 6 or 7 or 8 or 9 or 10)',
);

/**
 * Random expressions from a small grammar (fixed seed, so the corpus is stable), each for one
 * link type: they combine primitives, qualifiers, arithmetic and boolean structure in ways a
 * hand-written list misses.
 */
function randomExpressions(count: number, seed: number): [string, string][] {
  let state = seed >>> 0;
  const rnd = (n: number) => {
    state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    return state % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  const ports = ['22', '80', '53', '1024', '65535', '0', 'http', 'domain', 'ssh'];
  const hosts = ['10.0.0.1', '1.2.3.4', '::1', 'fe80::1', '192.168.0.0/16', '10', '10.1', '2001:db8::/32'];
  const protos = ['ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'sctp', 'igmp', 'pim', 'ah', 'esp', 'vrrp'];
  const dirs = ['', 'src ', 'dst ', 'src or dst ', 'src and dst '];
  const arth = (d: number): string => {
    switch (rnd(d > 2 ? 3 : 7)) {
      case 0: return String(pick([0, 1, 2, 4, 5, 13, 255, 0x1fff, 0x800]));
      case 1: return 'len';
      case 2: return `${pick(['ip', 'tcp', 'udp', 'icmp', 'ether', 'ip6', 'icmp6', 'arp', 'link', 'sctp'])}[${arth(d + 1)}${rnd(5) < 2 ? ':' + pick(['1', '2', '4']) : ''}]`;
      case 3: return `${arth(d + 1)} ${pick(['+', '-', '*', '&', '|', '^', '<<', '>>', '/', '%'])} ${arth(d + 1)}`;
      case 4: return `(${arth(d + 1)})`;
      case 5: return `-${arth(d + 1)}`;
      default: return `tcp[tcpflags] & ${pick(['tcp-syn', 'tcp-ack', '(tcp-syn|tcp-fin)'])}`;
    }
  };
  const prim = (): string => {
    switch (rnd(13)) {
      case 0: return pick(protos);
      case 1: return `${pick(['', 'tcp ', 'udp ', 'sctp '])}${pick(dirs)}port ${pick(ports)}${rnd(3) === 0 ? ' or ' + pick(ports) : ''}`;
      case 2: return `${pick(['', 'ip ', 'ip6 ', 'arp '])}${pick(dirs)}host ${pick(hosts.slice(0, 4))}`;
      case 3: return `${pick(['', 'ip ', 'ip6 '])}${pick(dirs)}net ${pick(hosts)}`;
      case 4: return `${pick(['', 'tcp ', 'udp '])}${pick(dirs)}portrange ${pick(['1-1024', '6000-6010', '80-80', '1024-1'])}`;
      case 5: return `${pick(['less', 'greater'])} ${pick([0, 60, 100, 1500])}`;
      case 6: return `${arth(0)} ${pick(['=', '!=', '<', '>', '<=', '>='])} ${arth(0)}`;
      case 7: return pick(['vlan', 'vlan 100', 'mpls', 'mpls 20', 'vlan 10 and vlan 20']);
      case 8: return `${pick(['ether ', 'ip ', 'ip6 ', ''])}${pick(['broadcast', 'multicast'])}`;
      case 9: return `${pick(['ip ', 'ip6 ', 'ether ', ''])}proto ${pick(['6', '17', '1', '0x800', '58', '\\tcp', '\\udp', 'gre'])}`;
      case 10: return `ether ${pick(dirs)}host 00:11:22:33:44:55`;
      case 11: return `len ${pick(['>', '<', '='])} ${pick([60, 100])}`;
      default: return `${pick(protos.slice(4, 9))}[${pick([0, 2, 13, 'icmptype', 'tcpflags'])}] ${pick(['=', '!=', '&'])} ${pick([0, 2, 8, 80])}${rnd(2) ? ' != 0' : ''}`;
    }
  };
  const expr = (d: number): string => {
    const x = rnd(d > 2 ? 2 : 6);
    if (x <= 1) return prim();
    if (x === 2) return `not ${expr(d + 1)}`;
    if (x === 3) return `(${expr(d + 1)})`;
    return `${expr(d + 1)} ${pick(['and', 'or', '&&', '||'])} ${expr(d + 1)}`;
  };
  const out: [string, string][] = [];
  const seen = new Set(EXPRESSIONS);
  while (out.length < count) {
    const e = expr(0);
    if (seen.has(e)) continue;
    seen.add(e);
    out.push([e, pick(['EN10MB', 'EN10MB', 'RAW', 'LINUX_SLL', 'NULL'])]);
  }
  return out;
}
const RANDOM_CASES = randomExpressions(300, 0x7c0ffee);

/** Extra cases with a non-default snapshot length (EN10MB only). */
const SNAPLEN_CASES: [string, number][] = [
  ['tcp port 22', 96], ['ip', 65535], ['udp', 0], ['', 1514], ['not tcp', 68], ['host 10.0.0.1', 1],
];

/** Expressions compiled with `tcpdump -r FILE` (an empty capture with snaplen 65535) per link type. */
const SAVEFILE_EXPRESSIONS = ['ip', 'ip6', 'tcp', 'ip6 host ::1', 'udp port 53', 'inbound', 'outbound', 'icmp6 or arp', 'not ip6'];
const SAVEFILE_SNAPLEN = 65535;
const LINKTYPE_NUMBER: Record<string, number> = { EN10MB: 1, RAW: 101, LINUX_SLL: 113, NULL: 0 };

function emptyCapture(linkType: string): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, SAVEFILE_SNAPLEN, true);
  v.setUint32(20, LINKTYPE_NUMBER[linkType]!, true);
  return b;
}

interface Case {
  expr: string;
  linkType: string;
  /** Compiled for a capture file (`tcpdump -r`) instead of `-y`. */
  savefile?: boolean;
  snaplen?: number;
  /** Output lines of each invocation (absent when tcpdump rejected the expression). */
  d?: string[];
  dd?: string[];
  ddd?: string[];
  O_d?: string[];
  O_ddd?: string[];
  /** tcpdump's error (stderr without the `tcpdump: ` prefix) when the optimised compile failed. */
  error?: string;
  /** Error of the unoptimised compile, when it differs from `error` (e.g. "expression rejects all packets"). */
  O_error?: string;
}

function run(args: string[]): { out: string[]; err?: string } {
  try {
    const out = execFileSync('tcpdump', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { out: out.replace(/\n$/, '').split('\n') };
  } catch (e) {
    const err = (e as { stderr?: string }).stderr ?? String(e);
    const line = err.split('\n').filter((l) => l.startsWith('tcpdump: ')).pop() ?? err.trim();
    return { out: [], err: line.replace(/^tcpdump: /, '') };
  }
}

function compileCase(expr: string, linkType: string, snaplen?: number, file?: string): Case {
  const base = file !== undefined ? ['-r', file] : ['-y', linkType, ...(snaplen === undefined ? [] : ['-s', String(snaplen)])];
  const exprArgs = expr === '' ? [] : ['--', expr];
  const c: Case = { expr, linkType, ...(file !== undefined ? { savefile: true } : {}), ...(snaplen === undefined ? {} : { snaplen }) };
  const d = run([...base, '-d', ...exprArgs]);
  if (d.err === undefined) {
    c.d = d.out;
    c.dd = run([...base, '-dd', ...exprArgs]).out;
    c.ddd = run([...base, '-ddd', ...exprArgs]).out;
  } else c.error = d.err;
  const od = run([...base, '-O', '-d', ...exprArgs]);
  if (od.err === undefined) {
    c.O_d = od.out;
    c.O_ddd = run([...base, '-O', '-ddd', ...exprArgs]).out;
  } else if (od.err !== c.error) c.O_error = od.err;
  return c;
}

function main(): void {
  const version = execFileSync('tcpdump', ['--version'], { encoding: 'utf8' }).trim().split('\n').slice(0, 2);
  const cases: Case[] = [];
  const seen = new Set<string>();
  for (const expr of EXPRESSIONS) {
    if (seen.has(expr)) throw new Error(`duplicate expression '${expr}'`);
    seen.add(expr);
    for (const lt of LINK_TYPES) cases.push(compileCase(expr, lt));
  }
  for (const [expr, lt] of RANDOM_CASES) cases.push(compileCase(expr, lt));
  for (const [expr, snaplen] of SNAPLEN_CASES) cases.push(compileCase(expr, 'EN10MB', snaplen));
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-goldens-'));
  try {
    for (const lt of LINK_TYPES) {
      const file = join(dir, `${lt}.pcap`);
      writeFileSync(file, emptyCapture(lt));
      for (const expr of SAVEFILE_EXPRESSIONS) cases.push(compileCase(expr, lt, SAVEFILE_SNAPLEN, file));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out = { generator: 'scripts/gen-tcpdump-goldens.ts', tcpdump: version, linkTypes: LINK_TYPES, cases };
  // One case per line keeps diffs readable.
  const body = cases.map((c) => '    ' + JSON.stringify(c)).join(',\n');
  const head = JSON.stringify({ ...out, cases: undefined }, null, 2).replace(/\n}$/, '');
  writeFileSync('test/golden/tcpdump/expressions.json', `${head},\n  "cases": [\n${body}\n  ]\n}\n`);
  console.log(`${EXPRESSIONS.length} expressions × ${LINK_TYPES.length} link types, ${RANDOM_CASES.length} random, ${cases.length} cases, ${cases.filter((c) => c.error).length} rejected`);
}

main();
