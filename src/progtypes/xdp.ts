/**
 * XDP: `struct xdp_md { u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index,
 * egress_ifindex; }` with data/data_end/data_meta as 32-bit VM pointers into one packet region
 * that is laid out like the kernel's XDP buffer under BPF_PROG_TEST_RUN: 256 bytes of headroom
 * (of which the first 40 hold the kernel's `struct xdp_frame` and cannot be claimed), the frame,
 * and tailroom up to a 4096-byte buffer minus the 320 bytes of `skb_shared_info`. Head, tail and
 * metadata adjustments move the pointers inside that capacity with the kernel's checks.
 */
import type { PacketAccess } from '../helpers/env.js';
import { ERRNO } from '../maps/types.js';
import type { AddressSpace, Region } from '../vm/memory.js';
import { XDP_HELPERS } from './helper-sets.js';
import { fields, type ProgTypeInfo } from './types.js';

export const XDP_MD_SIZE = 24;
export const XDP_MD = { data: 0, data_end: 4, data_meta: 8, ingress_ifindex: 12, rx_queue_index: 16, egress_ifindex: 20 } as const;
export const XDP_PACKET_HEADROOM = 256;
const XDP_FRAME_SIZE = 40; // sizeof(struct xdp_frame)
const SHARED_INFO = 320; // SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
const PAGE = 4096;
const ETH_HLEN = 14;
const MAX_METALEN = 32;

export const XDP_RETURN_NAMES: Record<number, string> = { 0: 'XDP_ABORTED', 1: 'XDP_DROP', 2: 'XDP_PASS', 3: 'XDP_TX', 4: 'XDP_REDIRECT' };

export const xdp: ProgTypeInfo = {
  name: 'xdp', ctxStruct: 'xdp_md', ctxSize: XDP_MD_SIZE,
  fields: fields([
    ['data', 0, 4, true, false, 'pkt', false], ['data_end', 4, 4, true, false, 'pkt_end', false],
    ['data_meta', 8, 4, true, false, 'pkt_meta', false], ['ingress_ifindex', 12, 4, true, false],
    ['rx_queue_index', 16, 4, true, false], ['egress_ifindex', 20, 4, true, false],
  ]),
  packet: 'xdp', helpers: XDP_HELPERS, returnNames: XDP_RETURN_NAMES,
};

export interface XdpOptions {
  ingressIfindex?: number;
  rxQueueIndex?: number;
}

export class XdpBuffer implements PacketAccess {
  readonly kind = 'xdp' as const;
  readonly space: AddressSpace;
  readonly ctx: Region;
  readonly packet: Region;
  private readonly options: XdpOptions;
  /** Offsets from data_hard_start (the region's first byte). */
  private dataMeta = XDP_PACKET_HEADROOM;
  private dataOff = XDP_PACKET_HEADROOM;
  private end = XDP_PACKET_HEADROOM;
  private hardEnd = PAGE - SHARED_INFO;
  /** Highest offset written by the host in the last run (the frame's end). */
  private dirtyEnd = XDP_PACKET_HEADROOM;

  constructor(space: AddressSpace, maxPacket: number, options: XdpOptions = {}) {
    this.space = space;
    this.options = options;
    this.ctx = space.map('ctx:xdp_md', XDP_MD_SIZE, { writable: false });
    this.packet = space.map('packet', Math.max(PAGE, XDP_PACKET_HEADROOM + maxPacket + SHARED_INFO), { writable: true });
  }

  load(frame: Uint8Array): void {
    const frameSize = Math.max(PAGE, XDP_PACKET_HEADROOM + frame.length + SHARED_INFO);
    if (frameSize > this.packet.capacity) throw new RangeError(`packet of ${frame.length} bytes exceeds the XDP buffer`);
    const base = this.packet.hostOffset;
    // A fresh buffer is all zeros (the kernel allocates one per run): clear what the last run
    // could have touched — programs write only between data_meta and data_end — except where the
    // new frame goes (it is overwritten anyway; clearing costs as much as copying).
    const bytes = this.space.bytes;
    const touchedEnd = Math.max(this.end, this.dirtyEnd);
    const frameEnd = XDP_PACKET_HEADROOM + frame.length;
    if (this.dataMeta < XDP_PACKET_HEADROOM) bytes.fill(0, base + this.dataMeta, base + Math.min(XDP_PACKET_HEADROOM, touchedEnd));
    if (touchedEnd > frameEnd) bytes.fill(0, base + frameEnd, base + touchedEnd);
    this.hardEnd = frameSize - SHARED_INFO;
    this.dirtyEnd = frameEnd;
    this.space.setLength(this.packet, this.hardEnd);
    bytes.set(frame, base + XDP_PACKET_HEADROOM);
    this.dataMeta = this.dataOff = XDP_PACKET_HEADROOM;
    this.end = XDP_PACKET_HEADROOM + frame.length;
    const v = this.space.view;
    const c = this.ctx.hostOffset;
    v.setUint32(c + XDP_MD.ingress_ifindex, this.options.ingressIfindex ?? 1, true);
    v.setUint32(c + XDP_MD.rx_queue_index, this.options.rxQueueIndex ?? 0, true);
    v.setUint32(c + XDP_MD.egress_ifindex, 0, true);
    this.sync();
  }

  sync(): void {
    const v = this.space.view;
    const c = this.ctx.hostOffset;
    const base = this.packet.vmAddr;
    v.setUint32(c + XDP_MD.data, base + this.dataOff, true);
    v.setUint32(c + XDP_MD.data_end, base + this.end, true);
    v.setUint32(c + XDP_MD.data_meta, base + this.dataMeta, true);
  }

  data(): Uint8Array {
    return this.space.bytes.subarray(this.packet.hostOffset + this.dataOff, this.packet.hostOffset + this.end);
  }

  meta(): Uint8Array {
    return this.space.bytes.subarray(this.packet.hostOffset + this.dataMeta, this.packet.hostOffset + this.dataOff);
  }

  /** bpf_xdp_adjust_head. */
  adjustHead(delta: number): number {
    const metalen = this.dataOff - this.dataMeta;
    const data = this.dataOff + delta;
    if (data < XDP_FRAME_SIZE + metalen || data > this.end - ETH_HLEN) return -ERRNO.EINVAL;
    if (metalen) {
      const h = this.packet.hostOffset;
      this.space.bytes.copyWithin(h + this.dataMeta + delta, h + this.dataMeta, h + this.dataOff);
    }
    this.dataMeta += delta;
    this.dataOff = data;
    return 0;
  }

  /** bpf_xdp_adjust_tail. */
  adjustTail(delta: number): number {
    const end = this.end + delta;
    if (end > this.hardEnd || end < this.dataOff + ETH_HLEN) return -ERRNO.EINVAL;
    if (delta > 0) this.space.bytes.fill(0, this.packet.hostOffset + this.end, this.packet.hostOffset + end);
    this.end = end;
    this.dirtyEnd = Math.max(this.dirtyEnd, end);
    return 0;
  }

  /** bpf_xdp_adjust_meta. */
  adjustMeta(delta: number): number {
    const meta = this.dataMeta + delta;
    if (meta < XDP_FRAME_SIZE || meta > this.dataOff) return -ERRNO.EINVAL;
    const metalen = this.dataOff - meta;
    if (metalen % 4 !== 0 || metalen > MAX_METALEN) return -ERRNO.EACCES;
    this.dataMeta = meta;
    return 0;
  }

  /** What BPF_PROG_TEST_RUN returns as data_out: metadata followed by the frame. */
  output(): Uint8Array {
    return this.space.bytes.slice(this.packet.hostOffset + this.dataMeta, this.packet.hostOffset + this.end);
  }

  /** The frame alone (data .. data_end), e.g. for writing to a capture. */
  frame(): Uint8Array {
    return this.data().slice();
  }
}
