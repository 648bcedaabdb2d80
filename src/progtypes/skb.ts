/**
 * Socket buffer program types: socket_filter, sched_cls and sched_act, with the UAPI
 * `struct __sk_buff` (include/uapi/linux/bpf.h) laid out at its real offsets so programs run
 * unmodified. `data`, `data_end` and `data_meta` hold 32-bit VM pointers into the packet region.
 *
 * The packet is built as BPF_PROG_TEST_RUN builds it (net/bpf/test_run.c): the device is the
 * loopback device (ifindex 1, MAC 00:00:00:00:00:00), `protocol` and `pkt_type` come from
 * eth_type_trans; tc programs see the frame from the Ethernet header (L2), socket filters from
 * the network header, and their output frame has the Ethernet header zeroed — unless `l2` is set,
 * which gives packet-socket semantics (data at the Ethernet header, as on an AF_PACKET socket).
 */
import type { PacketAccess } from '../helpers/env.js';
import type { AddressSpace, Region } from '../vm/memory.js';
import { SOCKET_FILTER_HELPERS, TC_HELPERS } from './helper-sets.js';
import { fields, type CtxField, type ProgTypeInfo } from './types.js';

export const SKB_CTX_SIZE = 192;
const ETH_HLEN = 14;

/** Offsets of `struct __sk_buff`. */
export const SKB = {
  len: 0, pkt_type: 4, mark: 8, queue_mapping: 12, protocol: 16, vlan_present: 20, vlan_tci: 24, vlan_proto: 28,
  priority: 32, ingress_ifindex: 36, ifindex: 40, tc_index: 44, cb: 48, hash: 68, tc_classid: 72, data: 76,
  data_end: 80, napi_id: 84, family: 88, remote_ip4: 92, local_ip4: 96, remote_ip6: 100, local_ip6: 116,
  remote_port: 132, local_port: 136, data_meta: 140, flow_keys: 144, tstamp: 152, wire_len: 160, gso_segs: 164,
  sk: 168, gso_size: 176, tstamp_type: 180, hwtstamp: 184,
} as const;

type Perm = 'socket_filter' | 'tc';

function skbFields(perm: Perm): CtxField[] {
  const tc = perm === 'tc';
  const w = (name: string): boolean => (tc
    ? ['mark', 'tc_index', 'priority', 'cb', 'tstamp', 'queue_mapping', 'tc_classid'].includes(name)
    : name === 'cb');
  const rows: [string, number, number, boolean, boolean, ('pkt' | 'pkt_end' | 'pkt_meta' | 'sock' | 'flow_keys')?][] = [
    ['len', 0, 4, true, false], ['pkt_type', 4, 4, true, false], ['mark', 8, 4, true, w('mark')],
    ['queue_mapping', 12, 4, true, w('queue_mapping')], ['protocol', 16, 4, true, false],
    ['vlan_present', 20, 4, true, false], ['vlan_tci', 24, 4, true, false], ['vlan_proto', 28, 4, true, false],
    ['priority', 32, 4, true, w('priority')], ['ingress_ifindex', 36, 4, true, false], ['ifindex', 40, 4, true, false],
    ['tc_index', 44, 4, true, w('tc_index')], ['cb', 48, 20, true, true], ['hash', 68, 4, true, false],
    ['tc_classid', 72, 4, tc, w('tc_classid')],
    ['data', 76, 4, tc, false, 'pkt'], ['data_end', 80, 4, tc, false, 'pkt_end'], ['napi_id', 84, 4, true, false],
    ['family', 88, 4, false, false], ['remote_ip4', 92, 4, false, false], ['local_ip4', 96, 4, false, false],
    ['remote_ip6', 100, 16, false, false], ['local_ip6', 116, 16, false, false], ['remote_port', 132, 4, false, false],
    ['local_port', 136, 4, false, false], ['data_meta', 140, 4, tc, false, 'pkt_meta'], ['flow_keys', 144, 8, false, false, 'flow_keys'],
    ['tstamp', 152, 8, tc, w('tstamp')], ['wire_len', 160, 4, tc, false], ['gso_segs', 164, 4, true, false],
    ['sk', 168, 8, true, false, 'sock'], ['gso_size', 176, 4, true, false], ['tstamp_type', 180, 1, false, false],
    ['hwtstamp', 184, 8, tc, false],
  ];
  return fields(rows);
}

export const TC_RETURN_NAMES: Record<number, string> = {
  [-1]: 'TC_ACT_UNSPEC', 0: 'TC_ACT_OK', 1: 'TC_ACT_RECLASSIFY', 2: 'TC_ACT_SHOT', 3: 'TC_ACT_PIPE', 4: 'TC_ACT_STOLEN',
  5: 'TC_ACT_QUEUED', 6: 'TC_ACT_REPEAT', 7: 'TC_ACT_REDIRECT', 8: 'TC_ACT_TRAP',
};

export const socketFilter: ProgTypeInfo = {
  name: 'socket_filter', ctxStruct: '__sk_buff', ctxSize: SKB_CTX_SIZE, fields: skbFields('socket_filter'),
  packet: 'skb', helpers: SOCKET_FILTER_HELPERS, returnNames: { 0: 'DROP' },
};

export const schedCls: ProgTypeInfo = {
  name: 'sched_cls', ctxStruct: '__sk_buff', ctxSize: SKB_CTX_SIZE, fields: skbFields('tc'),
  packet: 'skb', helpers: TC_HELPERS, returnNames: TC_RETURN_NAMES,
};

export const schedAct: ProgTypeInfo = { ...schedCls, name: 'sched_act' };

export interface SkbOptions {
  /** Start data at the Ethernet header (tc always does; socket filters under BPF_PROG_TEST_RUN do not). */
  l2: boolean;
  ifindex?: number;
  ingressIfindex?: number;
  mark?: number;
  priority?: number;
}

/**
 * A socket buffer in VM memory: a context region and a packet region, reused for every packet.
 * The packet region starts at skb->data, so LD_ABS / LD_IND offsets (relative to skb->data) are
 * region offsets; an Ethernet header hidden from a socket filter is kept aside.
 */
export class SkbBuffer implements PacketAccess {
  readonly kind = 'skb' as const;
  readonly space: AddressSpace;
  readonly ctx: Region;
  readonly packet: Region;
  private readonly options: SkbOptions;
  /** Bytes before skb->data that the program does not see (the Ethernet header of a socket filter). */
  private hidden = 0;
  private end = 0;

  constructor(space: AddressSpace, maxPacket: number, options: SkbOptions) {
    this.space = space;
    this.options = options;
    this.ctx = space.map('ctx:__sk_buff', SKB_CTX_SIZE, { writable: true });
    this.packet = space.map('packet', maxPacket, { writable: true });
  }

  /** Loads a frame (starting at the Ethernet header) and fills the context. */
  load(frame: Uint8Array): void {
    this.hidden = this.options.l2 || frame.length < ETH_HLEN ? 0 : ETH_HLEN;
    this.end = frame.length - this.hidden;
    if (this.end > this.packet.capacity) throw new RangeError(`packet of ${frame.length} bytes exceeds the buffer (${this.packet.capacity})`);
    this.space.setLength(this.packet, this.end);
    this.space.bytes.set(frame.subarray(this.hidden), this.packet.hostOffset);
    const c = this.space.bytes.subarray(this.ctx.hostOffset, this.ctx.hostOffset + SKB_CTX_SIZE);
    c.fill(0);
    const v = new DataView(c.buffer, c.byteOffset, SKB_CTX_SIZE);
    const proto = frame.length >= ETH_HLEN ? frame[12]! | (frame[13]! << 8) : 0;
    v.setUint32(SKB.pkt_type, pktType(frame), true);
    v.setUint32(SKB.mark, this.options.mark ?? 0, true);
    v.setUint32(SKB.protocol, proto, true);
    v.setUint32(SKB.priority, this.options.priority ?? 0, true);
    v.setUint32(SKB.ingress_ifindex, this.options.ingressIfindex ?? 0, true);
    v.setUint32(SKB.ifindex, this.options.ifindex ?? 1, true);
    this.sync();
  }

  sync(): void {
    const v = this.space.view;
    const c = this.ctx.hostOffset;
    v.setUint32(c + SKB.len, this.end, true);
    v.setUint32(c + SKB.data, this.packet.vmAddr, true);
    v.setUint32(c + SKB.data_end, this.packet.vmAddr + this.end, true);
    v.setUint32(c + SKB.data_meta, this.packet.vmAddr, true);
  }

  data(): Uint8Array {
    return this.space.bytes.subarray(this.packet.hostOffset, this.packet.hostOffset + this.end);
  }

  meta(): Uint8Array {
    return new Uint8Array(0);
  }

  /**
   * bpf_skb_change_tail: trims or zero-extends the packet to `newLen` bytes (from skb->data).
   * Flags must be 0; the length must keep the L2 header of a tc packet and fit the buffer.
   */
  changeTail(newLen: number, flags: number): number {
    const minLen = this.hidden === 0 && this.options.l2 ? ETH_HLEN : 0;
    if (flags !== 0 || newLen < minLen || newLen > this.packet.capacity) return -22; // -EINVAL
    if (newLen > this.end) this.space.bytes.fill(0, this.packet.hostOffset + this.end, this.packet.hostOffset + newLen);
    this.end = newLen;
    this.space.setLength(this.packet, newLen);
    this.sync();
    return 0;
  }

  /** The frame after the run, as BPF_PROG_TEST_RUN returns it (a hidden L2 header comes back zeroed). */
  output(): Uint8Array {
    const frame = new Uint8Array(this.hidden + this.end);
    frame.set(this.data(), this.hidden);
    return frame;
  }

  /** Context fields a program may have written. */
  get mark(): number {
    return this.space.view.getUint32(this.ctx.hostOffset + SKB.mark, true);
  }
}

/** eth_type_trans on the loopback device: PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3. */
function pktType(frame: Uint8Array): number {
  if (frame.length < 6) return 0;
  if (frame[0]! & 1) return frame.subarray(0, 6).every((b) => b === 0xff) ? 1 : 2;
  return frame.subarray(0, 6).every((b) => b === 0) ? 0 : 3;
}
