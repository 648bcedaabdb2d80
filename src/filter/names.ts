/**
 * Name tables: the well-known service, IP protocol and Ethernet protocol names that filters may
 * use instead of numbers. libpcap asks the host's databases (/etc/services, /etc/protocols); a
 * fixed table keeps compilation reproducible. The numbers are those of Debian's netbase files.
 */

export const IPPROTO = { HOPOPTS: 0, ICMP: 1, IGMP: 2, TCP: 6, IGRP: 9, UDP: 17, FRAGMENT: 44, ESP: 50, AH: 51, ICMPV6: 58, PIM: 103, VRRP: 112, SCTP: 132 } as const;
/** libpcap's "no transport protocol given": match TCP, UDP and SCTP. */
export const PROTO_UNDEF = -1;

/** Service name → port and the transports /etc/services lists it for. */
const SERVICES: Record<string, [port: number, tcp: boolean, udp: boolean]> = {
  tcpmux: [1, true, false], echo: [7, true, true], discard: [9, true, true], systat: [11, true, false],
  daytime: [13, true, true], netstat: [15, true, false], qotd: [17, true, false], chargen: [19, true, true],
  'ftp-data': [20, true, false], ftp: [21, true, false], ssh: [22, true, false], telnet: [23, true, false],
  smtp: [25, true, false], time: [37, true, true], whois: [43, true, false], tacacs: [49, true, true],
  domain: [53, true, true], bootps: [67, false, true], bootpc: [68, false, true], tftp: [69, false, true],
  gopher: [70, true, false], finger: [79, true, false], http: [80, true, false], www: [80, true, false],
  kerberos: [88, true, true], 'iso-tsap': [102, true, false], pop3: [110, true, false], sunrpc: [111, true, true],
  auth: [113, true, false], nntp: [119, true, false], ntp: [123, false, true], epmap: [135, true, true],
  'netbios-ns': [137, false, true], 'netbios-dgm': [138, false, true], 'netbios-ssn': [139, true, false],
  imap2: [143, true, false], imap: [143, true, false], snmp: [161, true, true], 'snmp-trap': [162, true, true],
  'cmip-man': [163, true, true], xdmcp: [177, false, true], bgp: [179, true, false], irc: [194, true, false],
  ldap: [389, true, true], https: [443, true, true], 'microsoft-ds': [445, true, false], kpasswd: [464, true, false],
  submissions: [465, true, false], syslog: [514, false, true], printer: [515, true, false], talk: [517, false, true],
  ntalk: [518, false, true], route: [520, false, true], gdomap: [538, true, true], uucp: [540, true, false],
  'klogin': [543, true, false], kshell: [544, true, false], dhcpv6client: [546, true, true],
  dhcpv6server: [547, true, true], afpovertcp: [548, true, false], nntps: [563, true, false],
  submission: [587, true, false], ldaps: [636, true, true], 'domain-s': [853, true, true], rsync: [873, true, false],
  ftps: [990, true, false], telnets: [992, true, false], imaps: [993, true, false], pop3s: [995, true, false],
  socks: [1080, true, false], openvpn: [1194, true, true], 'ms-sql-s': [1433, true, false],
  'ms-sql-m': [1434, true, false], l2f: [1701, true, true], radius: [1812, true, true],
  'radius-acct': [1813, true, true], nfs: [2049, true, true], mysql: [3306, true, false], 'svn': [3690, true, false],
  sip: [5060, true, true], 'sip-tls': [5061, true, true], postgresql: [5432, true, false], x11: [6000, true, false],
  'http-alt': [8080, true, false], 'syslog-tls': [6514, true, false],
};

/** pcap_nametoport: the port and the transport (TCP, UDP, or PROTO_UNDEF for both). */
export function lookupService(name: string): { port: number; proto: number } | undefined {
  const s = Object.prototype.hasOwnProperty.call(SERVICES, name) ? SERVICES[name] : undefined;
  if (!s) return undefined;
  const [port, tcp, udp] = s;
  if (tcp) return { port, proto: udp ? PROTO_UNDEF : IPPROTO.TCP };
  return { port, proto: IPPROTO.UDP };
}

/** /etc/protocols names (getprotobyname). */
const PROTOCOLS: Record<string, number> = {
  ip: 0, hopopt: 0, icmp: 1, igmp: 2, ggp: 3, ipencap: 4, st: 5, tcp: 6, egp: 8, igp: 9, pup: 12, udp: 17,
  hmp: 20, 'xns-idp': 22, rdp: 27, 'iso-tp4': 29, dccp: 33, xtp: 36, ddp: 37, 'idpr-cmtp': 38, ipv6: 41,
  'ipv6-route': 43, 'ipv6-frag': 44, idrp: 45, rsvp: 46, gre: 47, esp: 50, ah: 51, skip: 57, 'ipv6-icmp': 58,
  'ipv6-nonxt': 59, 'ipv6-opts': 60, rspf: 73, vmtp: 81, eigrp: 88, ospf: 89, 'ax.25': 93, ipip: 94, etherip: 97,
  encap: 98, pim: 103, ipcomp: 108, vrrp: 112, l2tp: 115, isis: 124, sctp: 132, fc: 133, 'mobility-header': 135,
  udplite: 136, 'mpls-in-ip': 137, manet: 138, hip: 139, shim6: 140, wesp: 141, rohc: 142, ethernet: 143,
};
export function lookupIpProto(name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(PROTOCOLS, name) ? PROTOCOLS[name] : undefined;
}

/** libpcap's built-in Ethernet protocol names (pcap_nametoeproto) and LLC SAP names (pcap_nametollc). */
const ETHER_PROTOCOLS: Record<string, number> = {
  aarp: 0x80f3, arp: 0x0806, atalk: 0x809b, decnet: 0x6003, ip: 0x0800, ip6: 0x86dd, lat: 0x6004,
  loopback: 0x9000, mopdl: 0x6001, moprc: 0x6002, rarp: 0x8035, sca: 0x6007,
  iso: 0xfe, stp: 0x42, ipx: 0xe0, netbeui: 0xf0,
};
export function lookupEtherProto(name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(ETHER_PROTOCOLS, name) ? ETHER_PROTOCOLS[name] : undefined;
}

/** Named numbers of the scanner: header field offsets and flag/type constants. */
export const NAMED_NUMBERS: Record<string, number> = {
  icmptype: 0, icmpcode: 1, 'icmp-echoreply': 0, 'icmp-unreach': 3, 'icmp-sourcequench': 4, 'icmp-redirect': 5,
  'icmp-echo': 8, 'icmp-routeradvert': 9, 'icmp-routersolicit': 10, 'icmp-timxceed': 11, 'icmp-paramprob': 12,
  'icmp-tstamp': 13, 'icmp-tstampreply': 14, 'icmp-ireq': 15, 'icmp-ireqreply': 16, 'icmp-maskreq': 17,
  'icmp-maskreply': 18,
  icmp6type: 0, icmp6code: 1, 'icmp6-destinationunreach': 1, 'icmp6-packettoobig': 2, 'icmp6-timeexceeded': 3,
  'icmp6-parameterproblem': 4, 'icmp6-echo': 128, 'icmp6-echoreply': 129, 'icmp6-multicastlistenerquery': 130,
  'icmp6-multicastlistenerreportv1': 131, 'icmp6-multicastlistenerdone': 132, 'icmp6-routersolicit': 133,
  'icmp6-routeradvert': 134, 'icmp6-neighborsolicit': 135, 'icmp6-neighboradvert': 136, 'icmp6-redirect': 137,
  'icmp6-routerrenum': 138, 'icmp6-nodeinformationquery': 139, 'icmp6-nodeinformationresponse': 140,
  'icmp6-ineighbordiscoverysolicit': 141, 'icmp6-ineighbordiscoveryadvert': 142,
  'icmp6-multicastlistenerreportv2': 143, 'icmp6-homeagentdiscoveryrequest': 144,
  'icmp6-homeagentdiscoveryreply': 145, 'icmp6-mobileprefixsolicit': 146, 'icmp6-mobileprefixadvert': 147,
  'icmp6-certpathsolicit': 148, 'icmp6-certpathadvert': 149, 'icmp6-multicastrouteradvert': 151,
  'icmp6-multicastroutersolicit': 152, 'icmp6-multicastrouterterm': 153,
  tcpflags: 13, 'tcp-fin': 0x01, 'tcp-syn': 0x02, 'tcp-rst': 0x04, 'tcp-push': 0x08, 'tcp-ack': 0x10,
  'tcp-urg': 0x20, 'tcp-ece': 0x40, 'tcp-cwr': 0x80,
};
