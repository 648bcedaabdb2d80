/** The link types the filter compiler supports, with libpcap's header offsets for each. */
import { FilterError } from './errors.js';

export interface LinkTypeInfo {
  /** tcpdump's name (`-y`). */
  name: 'EN10MB' | 'RAW' | 'LINUX_SLL' | 'NULL';
  /** LINKTYPE_* value written in capture files. */
  linktype: number;
  /** pcap_datalink_val_to_description, used in error messages. */
  description: string;
  /** Offset of the type field from the link-layer header, or -1 if there is none. */
  offLinktype: number;
  /** Offset of the link-layer payload (the network header). */
  offLinkpl: number;
  /** Offset of the network header within the payload, with and without an 802.2 SNAP header. */
  offNl: number;
  offNlNosnap: number;
}

const LINK_TYPES: LinkTypeInfo[] = [
  { name: 'EN10MB', linktype: 1, description: 'Ethernet', offLinktype: 12, offLinkpl: 14, offNl: 0, offNlNosnap: 3 },
  { name: 'RAW', linktype: 101, description: 'Raw IP', offLinktype: -1, offLinkpl: 0, offNl: 0, offNlNosnap: 0 },
  { name: 'LINUX_SLL', linktype: 113, description: 'Linux cooked v1', offLinktype: 14, offLinkpl: 16, offNl: 0, offNlNosnap: 0 },
  { name: 'NULL', linktype: 0, description: 'BSD loopback', offLinktype: 0, offLinkpl: 4, offNl: 0, offNlNosnap: 0 },
];

/** Accepts a tcpdump DLT name (any case, with or without `DLT_`/`LINKTYPE_`) or a LINKTYPE/DLT number. */
export function linkTypeInfo(spec: string | number): LinkTypeInfo {
  if (typeof spec === 'number' || /^\d+$/.test(spec)) {
    const n = Number(spec);
    const byNumber = n === 12 || n === 14 ? LINK_TYPES[1] : LINK_TYPES.find((l) => l.linktype === n);
    if (byNumber) return byNumber;
    throw new FilterError(`unsupported link type ${n} (supported: EN10MB, RAW, LINUX_SLL, NULL)`);
  }
  const name = spec.toUpperCase().replace(/^(DLT_|LINKTYPE_)/, '');
  const alias = name === 'ETHERNET' ? 'EN10MB' : name;
  const found = LINK_TYPES.find((l) => l.name === alias);
  if (!found) throw new FilterError(`unsupported link type '${spec}' (supported: EN10MB, RAW, LINUX_SLL, NULL)`);
  return found;
}
