/**
 * The socket-buffer metadata a classic program can see besides the packet bytes: what the Linux
 * extensions (`SKF_AD_*`) and the negative offsets (`SKF_NET_OFF`, `SKF_LL_OFF`) read. Every field is
 * optional; a missing one is derived from the packet's link type and headers, as the kernel would
 * have set it on receive. No allocation: derivations read the bytes in place.
 */

/** Link types (LINKTYPE_* values as stored in pcap/pcapng files). */
export const LinkType = {
  NULL: 0, EN10MB: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276,
} as const;

export interface SkbMeta {
  /** skb->len: the packet's length on the wire (`ld #len`). Default: the bytes given. */
  len?: number;
  /** skb->protocol in host order (`#proto`). Default: from the link-layer header. */
  protocol?: number;
  /** skb->pkt_type (`#type`): PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3, OUTGOING 4. */
  pktType?: number;
  /**
   * dev->ifindex (`#ifidx`). Default 1. null means no device: an ifidx/hatype load then ends the
   * program returning A, as the kernel's converted code does (`if (!skb->dev) exit;` with r0 = A).
   */
  ifindex?: number | null;
  /** dev->type, an ARPHRD_* value (`#hatype`). Default: from the link type. */
  hatype?: number;
  mark?: number;
  /** skb->queue_mapping (`#queue`). */
  queue?: number;
  /** skb->hash (`#rxhash`). Default 0. */
  rxhash?: number;
  /** The CPU number (`#cpu`). Default 0. */
  cpu?: number;
  /** VLAN tag delivered out of band (`#vlan_tci`, `#vlan_avail`, `#vlan_tpid`). Default: none. */
  vlanTci?: number;
  vlanPresent?: boolean;
  vlanTpid?: number;
  /** Offset of the network header in the bytes (`SKF_NET_OFF`). Default: after the link header. */
  netOff?: number;
  /** Offset of the MAC header (`SKF_LL_OFF`); null when there is none. Default: 0 for Ethernet. */
  macOff?: number | null;
  /** Payload offset (`#poff`). Default: computed by a small flow dissector. */
  payOffset?: number;
  /** Source of `#rand`. Default: a fixed-seed xorshift, so runs are reproducible. */
  random?: () => number;
}

const ETH_P_8021Q = 0x8100;
const ETH_P_8021AD = 0x88a8;
const ETH_P_QINQ1 = 0x9100;
const ETH_P_IP = 0x0800;
const ETH_P_IPV6 = 0x86dd;
const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;
const ARPHRD_NONE = 0xfffe;

const be16 = (p: Uint8Array, o: number): number => (o + 2 <= p.length ? (p[o]! << 8) | p[o + 1]! : 0);
const le32 = (p: Uint8Array, o: number): number => (o + 4 <= p.length ? (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0 : 0);
const be32 = (p: Uint8Array, o: number): number => (o + 4 <= p.length ? ((p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!) >>> 0 : 0);

const isVlan = (t: number): boolean => t === ETH_P_8021Q || t === ETH_P_8021AD || t === ETH_P_QINQ1;

/** Offset of the EtherType after any 802.1Q/802.1ad tags kept in the bytes. */
function ethTypeOffset(p: Uint8Array): number {
  let o = 12;
  while (isVlan(be16(p, o)) && o < 12 + 4 * 8) o += 4;
  return o;
}

/** Default `#proto`: what eth_type_trans (or the cooked header) would put in skb->protocol. */
export function deriveProtocol(p: Uint8Array, linkType: number): number {
  switch (linkType) {
    case LinkType.EN10MB: {
      const t = be16(p, 12);
      if (t >= 0x600) return t;
      return be16(p, 14) === 0xffff ? 0x0001 /* ETH_P_802_3 */ : 0x0004; /* ETH_P_802_2 */
    }
    case LinkType.LINUX_SLL: return be16(p, 14);
    case LinkType.LINUX_SLL2: return be16(p, 0);
    case LinkType.NULL: case LinkType.LOOP: {
      const family = linkType === LinkType.LOOP ? be32(p, 0) : le32(p, 0);
      if (family === 2) return ETH_P_IP;
      return family === 10 || family === 24 || family === 28 || family === 30 ? ETH_P_IPV6 : 0;
    }
    default: { // RAW, IPV4, IPV6
      const v = p.length > 0 ? p[0]! >> 4 : 0;
      return v === 4 ? ETH_P_IP : v === 6 ? ETH_P_IPV6 : 0;
    }
  }
}

/** Default `#type`: from the cooked header, or the Ethernet destination address. */
export function derivePktType(p: Uint8Array, linkType: number): number {
  if (linkType === LinkType.LINUX_SLL) return be16(p, 0);
  if (linkType === LinkType.LINUX_SLL2) return p.length > 10 ? p[10]! : 0;
  if (linkType === LinkType.EN10MB && p.length >= 6) {
    if (p[0] === 0xff && p[1] === 0xff && p[2] === 0xff && p[3] === 0xff && p[4] === 0xff && p[5] === 0xff) return 1;
    if (p[0]! & 1) return 2;
  }
  return 0;
}

export function deriveHatype(p: Uint8Array, linkType: number): number {
  switch (linkType) {
    case LinkType.EN10MB: return ARPHRD_ETHER;
    case LinkType.LINUX_SLL: return be16(p, 2);
    case LinkType.LINUX_SLL2: return be16(p, 8);
    case LinkType.NULL: case LinkType.LOOP: return ARPHRD_LOOPBACK;
    default: return ARPHRD_NONE;
  }
}

export function deriveIfindex(p: Uint8Array, linkType: number): number {
  return linkType === LinkType.LINUX_SLL2 ? be32(p, 4) : 1;
}

/** Default network-header offset (SKF_NET_OFF base). VLAN tags left in the bytes are skipped. */
export function deriveNetOff(p: Uint8Array, linkType: number): number {
  switch (linkType) {
    case LinkType.EN10MB: return ethTypeOffset(p) + 2;
    case LinkType.LINUX_SLL: return 16;
    case LinkType.LINUX_SLL2: return 20;
    case LinkType.NULL: case LinkType.LOOP: return 4;
    default: return 0;
  }
}

/** Default MAC-header offset (SKF_LL_OFF base): only Ethernet bytes carry a MAC header. */
export function deriveMacOff(linkType: number): number | null {
  return linkType === LinkType.EN10MB ? 0 : null;
}

/**
 * Default `#poff`, after the kernel's `__skb_get_poff`: the transport header offset plus that
 * header's length (TCP data offset, 8 for UDP/ICMP/ICMPv6/IGMP, 16 DCCP, 12 SCTP); the network
 * offset for ARP/RARP; 0 when the flow dissector cannot parse the packet. Handles IPv4 (options,
 * fragments) and IPv6 without extension headers. Checked against Linux 6.18 (kernel-runs.json).
 */
export function derivePayOffset(p: Uint8Array, linkType: number, protocol: number, netOff: number): number {
  let proto: number;
  let thoff: number;
  let laterFragment = false;
  const l3 = linkType === LinkType.EN10MB ? be16(p, netOff - 2) : protocol;
  if (l3 === 0x0806 || l3 === 0x8035) return netOff + 8 <= p.length ? netOff : 0; // ARP/RARP: no transport header
  if (protocol === ETH_P_IP || (linkType === LinkType.EN10MB && be16(p, netOff - 2) === ETH_P_IP)) {
    if (netOff + 20 > p.length || p[netOff]! >> 4 !== 4) return 0;
    const ihl = (p[netOff]! & 0xf) * 4;
    if (ihl < 20) return 0;
    proto = p[netOff + 9]!;
    thoff = netOff + ihl;
    const frag = be16(p, netOff + 6);
    laterFragment = (frag & 0x1fff) !== 0;
  } else if (protocol === ETH_P_IPV6 || (linkType === LinkType.EN10MB && be16(p, netOff - 2) === ETH_P_IPV6)) {
    if (netOff + 40 > p.length || p[netOff]! >> 4 !== 6) return 0;
    proto = p[netOff + 6]!;
    thoff = netOff + 40;
  } else return 0;
  if (laterFragment) return thoff;
  switch (proto) {
    case 6: {
      if (thoff + 20 > p.length) return thoff; // the TCP header is not there to read
      return thoff + Math.max(20, (p[thoff + 12]! >> 4) * 4);
    }
    case 17: case 136: case 1: case 58: case 2: return thoff + 8;
    case 33: return thoff + 16;
    case 132: return thoff + 12;
    default: return thoff;
  }
}

/** Netlink attribute search (`nla_find`) over p[start .. start+len); returns the attribute offset or 0. */
function nlaFind(p: Uint8Array, start: number, len: number, type: number): number {
  let o = start;
  let rem = len;
  while (rem >= 4) {
    const nlaLen = p[o]! | (p[o + 1]! << 8);
    if (nlaLen < 4 || nlaLen > rem) return 0;
    const nlaType = (p[o + 2]! | (p[o + 3]! << 8)) & 0x3fff;
    if (nlaType === type) return o;
    const aligned = (nlaLen + 3) & ~3;
    o += aligned;
    rem -= aligned;
  }
  return 0;
}

/** `#nla`: the kernel's bpf_skb_get_nlattr(skb, A, X). Netlink headers are host (little-endian) order. */
export function nlattr(p: Uint8Array, a: number, x: number): number {
  if (p.length < 4 || a > p.length - 4) return 0;
  return nlaFind(p, a, p.length - a, x >>> 0);
}

/** `#nlan`: bpf_skb_get_nlattr_nest(skb, A, X). */
export function nlattrNest(p: Uint8Array, a: number, x: number): number {
  if (p.length < 4 || a > p.length - 4) return 0;
  const rem = p.length - a;
  const nlaLen = p[a]! | (p[a + 1]! << 8);
  if (rem < 4 || nlaLen < 4 || nlaLen > rem) return 0;
  return nlaFind(p, a + 4, nlaLen - 4, x >>> 0);
}

/** A reproducible default for `#rand` (xorshift32 with a fixed seed). */
export function defaultRandom(seed = 0x2545f491): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}
