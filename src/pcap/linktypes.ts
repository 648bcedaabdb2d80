/**
 * Link types (LINKTYPE_* values as stored in capture files) and what a filter needs to know about
 * each: its name, where the network-layer header starts, and the socket-buffer metadata the Linux
 * classic-BPF extensions read (`#proto`, `#type`, `#ifidx`, `#hatype`, `#vlan_tci`, …).
 */

export const LinkType = {
  NULL: 0,
  EN10MB: 1,
  /** DLT_RAW as most BSDs and Linux number it in memory; some old files carry it. */
  RAW_DLT12: 12,
  /** DLT_RAW on OpenBSD; some old files carry it. */
  RAW_DLT14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const NAMES: Record<number, string> = {
  0: 'NULL',
  1: 'EN10MB',
  12: 'RAW',
  14: 'RAW',
  101: 'RAW',
  108: 'LOOP',
  113: 'LINUX_SLL',
  228: 'IPV4',
  229: 'IPV6',
  276: 'LINUX_SLL2',
};

/** The tcpdump/libpcap name of a link type (`EN10MB`, `RAW`, …), or `LINKTYPE_<n>`. */
export function linkTypeName(linkType: number): string {
  return NAMES[linkType] ?? `LINKTYPE_${linkType}`;
}

/** Parses a link-type name (case-insensitive, as `tcpdump -y` takes it) or a number. */
export function parseLinkType(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const upper = text.toUpperCase();
  if (upper === 'ETHERNET') return LinkType.EN10MB;
  for (const [value, name] of Object.entries(NAMES)) if (name === upper) return Number(value);
  return undefined;
}

/** True for the raw-IP link types (no link-layer header; the version nibble says IPv4 or IPv6). */
export function isRawIp(linkType: number): boolean {
  return linkType === 12 || linkType === 14 || linkType === 101 || linkType === 228 || linkType === 229;
}

/**
 * The `struct sk_buff` fields a classic socket filter can see through the `SKF_AD_*` loads, as far as a
 * capture file records them. Fields the file cannot know (mark, queue, rxhash, cpu) stay 0.
 */
export interface SkbMetadata {
  /** `skb->protocol` in host order (an ETH_P_* value such as 0x0800). */
  protocol: number;
  /** `skb->pkt_type`: 0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing. */
  pktType: number;
  ifindex: number;
  /** `dev->type`, an ARPHRD_* value (1 Ethernet, 772 loopback, 65534 none). */
  hatype: number;
  mark: number;
  queue: number;
  rxhash: number;
  cpu: number;
  vlanTci: number;
  vlanPresent: number;
  vlanTpid: number;
  /** Offset of the network header in the packet bytes (for `SKF_NET_OFF` loads), or -1. */
  netOff: number;
  /** Offset of the link-layer header (for `SKF_LL_OFF` loads), or -1 when there is none. */
  macOff: number;
}

export function emptyMetadata(): SkbMetadata {
  return {
    protocol: 0, pktType: 0, ifindex: 0, hatype: 0, mark: 0, queue: 0, rxhash: 0, cpu: 0,
    vlanTci: 0, vlanPresent: 0, vlanTpid: 0, netOff: 0, macOff: -1,
  };
}

const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;
const ARPHRD_NONE = 0xfffe;

function u16(d: Uint8Array, o: number): number {
  return o + 2 <= d.length ? ((d[o]! << 8) | d[o + 1]!) : 0;
}

/** ETH_P_IP / ETH_P_IPV6 from the version nibble of a raw IP packet, or 0. */
function rawIpProtocol(d: Uint8Array, o: number): number {
  const v = o < d.length ? d[o]! >> 4 : 0;
  return v === 4 ? 0x0800 : v === 6 ? 0x86dd : 0;
}

/**
 * Fills `meta` from the packet's link-layer header, the way the kernel would have set the skb when the
 * packet arrived on an interface of that type. Reuses `meta` so a filter loop allocates nothing.
 */
export function fillMetadata(linkType: number, d: Uint8Array, meta: SkbMetadata): SkbMetadata {
  meta.protocol = 0; meta.pktType = 0; meta.ifindex = 0; meta.hatype = ARPHRD_NONE;
  meta.vlanTci = 0; meta.vlanPresent = 0; meta.vlanTpid = 0; meta.netOff = 0; meta.macOff = -1;
  switch (linkType) {
    case LinkType.EN10MB: {
      meta.hatype = ARPHRD_ETHER; meta.macOff = 0; meta.netOff = 14;
      meta.protocol = u16(d, 12);
      if (d.length >= 6) {
        const broadcast = d[0] === 0xff && d[1] === 0xff && d[2] === 0xff && d[3] === 0xff && d[4] === 0xff && d[5] === 0xff;
        meta.pktType = broadcast ? 1 : (d[0]! & 1) !== 0 ? 2 : 0;
      }
      break;
    }
    case LinkType.LINUX_SLL: // pkttype u16, hatype u16, addr len u16, addr[8], protocol u16
      meta.pktType = u16(d, 0); meta.hatype = u16(d, 2); meta.protocol = u16(d, 14);
      meta.macOff = 0; meta.netOff = 16;
      break;
    case LinkType.LINUX_SLL2: // protocol u16, reserved u16, ifindex u32, hatype u16, pkttype u8, addr len u8, addr[8]
      meta.protocol = u16(d, 0);
      meta.ifindex = d.length >= 8 ? ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0 : 0;
      meta.hatype = u16(d, 8); meta.pktType = d.length > 10 ? d[10]! : 0;
      meta.macOff = 0; meta.netOff = 20;
      break;
    case LinkType.NULL:
    case LinkType.LOOP: {
      meta.hatype = ARPHRD_LOOPBACK; meta.macOff = 0; meta.netOff = 4;
      meta.protocol = rawIpProtocol(d, 4);
      break;
    }
    default:
      if (isRawIp(linkType)) meta.protocol = rawIpProtocol(d, 0);
  }
  return meta;
}
