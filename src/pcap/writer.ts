/**
 * Writers for pcap and pcapng, and a copier that reproduces a capture's structure while dropping or
 * truncating packets (what `tsbpf filter -w` needs). Output goes through `ChunkedOutput`, which batches
 * records into one buffer and hands full buffers to a sink, so writing a packet allocates nothing.
 */
import type { CaptureHeaderItem, PacketRecord } from './reader.js';
import { BlockType, PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC, PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB } from './reader.js';

/** Receives output bytes. The array is reused after the call returns: consume or copy it at once. */
export type Sink = (bytes: Uint8Array) => void;

export class ChunkedOutput {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  private readonly sink: Sink;

  constructor(sink: Sink, chunkSize = 1 << 20) {
    this.sink = sink;
    this.buf = new Uint8Array(chunkSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` contiguous bytes at `pos`, flushing (or growing for a huge record) first. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(n);
      this.view = new DataView(this.buf.buffer);
    }
  }

  bytes(b: Uint8Array): void {
    if (b.length >= this.buf.length >> 1) {
      // Large runs go straight to the sink instead of through the buffer.
      this.flush();
      this.sink(b);
      return;
    }
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

/** Collects everything written, for tests and in-memory use. */
export function collectingOutput(): { out: ChunkedOutput; bytes: () => Uint8Array } {
  const parts: Uint8Array[] = [];
  const out = new ChunkedOutput((b) => parts.push(b.slice()), 1 << 16);
  return {
    out,
    bytes: () => {
      out.flush();
      const total = parts.reduce((n, p) => n + p.length, 0);
      const all = new Uint8Array(total);
      let at = 0;
      for (const p of parts) { all.set(p, at); at += p.length; }
      return all;
    },
  };
}

export interface PcapWriterOptions {
  linkType: number;
  snaplen?: number;
  nanosecond?: boolean;
  littleEndian?: boolean;
}

export class PcapWriter {
  private readonly out: ChunkedOutput;
  private readonly le: boolean;

  constructor(out: ChunkedOutput, options: PcapWriterOptions) {
    this.out = out;
    this.le = options.littleEndian ?? true;
    out.reserve(24);
    const v = out.view;
    const p = out.pos;
    v.setUint32(p, options.nanosecond ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC, this.le);
    v.setUint16(p + 4, 2, this.le);
    v.setUint16(p + 6, 4, this.le);
    v.setInt32(p + 8, 0, this.le);
    v.setUint32(p + 12, 0, this.le);
    v.setUint32(p + 16, options.snaplen ?? 262144, this.le);
    v.setUint32(p + 20, options.linkType, this.le);
    out.pos += 24;
  }

  /** One record; `tsFrac` is microseconds or nanoseconds as the header says. */
  writePacket(data: Uint8Array, origLen: number, tsSec: number, tsFrac: number): void {
    const out = this.out;
    out.reserve(16 + data.length);
    const v = out.view;
    const p = out.pos;
    v.setUint32(p, tsSec, this.le);
    v.setUint32(p + 4, tsFrac, this.le);
    v.setUint32(p + 8, data.length, this.le);
    v.setUint32(p + 12, origLen, this.le);
    out.buf.set(data, p + 16);
    out.pos = p + 16 + data.length;
  }
}

export interface PcapngInterfaceOptions {
  linkType: number;
  snaplen?: number;
  /** The raw `if_tsresol` byte (6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n); omitted = default 10^-6. */
  tsresol?: number;
  name?: string;
}

const encoder = new TextEncoder();

export class PcapngWriter {
  private readonly out: ChunkedOutput;
  private readonly le: boolean;
  private interfaceCount = 0;

  constructor(out: ChunkedOutput, options: { littleEndian?: boolean } = {}) {
    this.out = out;
    this.le = options.littleEndian ?? true;
    this.section();
  }

  /** Starts a new section (SHB, length unknown); interface ids restart at 0. */
  section(): void {
    const body = new Uint8Array(16);
    const v = new DataView(body.buffer);
    v.setUint32(0, PCAPNG_BYTE_ORDER_MAGIC, this.le);
    v.setUint16(4, 1, this.le);
    v.setUint16(6, 0, this.le);
    v.setBigInt64(8, -1n, this.le);
    this.block(PCAPNG_SHB, body);
    this.interfaceCount = 0;
  }

  addInterface(options: PcapngInterfaceOptions): number {
    const opts: Uint8Array[] = [];
    if (options.name !== undefined) opts.push(this.option(2, encoder.encode(options.name)));
    if (options.tsresol !== undefined) opts.push(this.option(9, Uint8Array.of(options.tsresol)));
    if (opts.length) opts.push(new Uint8Array(4)); // opt_endofopt
    const optLen = opts.reduce((n, o) => n + o.length, 0);
    const body = new Uint8Array(8 + optLen);
    const v = new DataView(body.buffer);
    v.setUint16(0, options.linkType, this.le);
    v.setUint32(4, options.snaplen ?? 0, this.le);
    let at = 8;
    for (const o of opts) { body.set(o, at); at += o.length; }
    this.block(BlockType.IDB, body);
    return this.interfaceCount++;
  }

  /** An Enhanced Packet Block; the timestamp is the 64-bit tick count in the interface's resolution. */
  writePacket(ifId: number, data: Uint8Array, origLen: number, tsHigh: number, tsLow: number): void {
    this.packetBlock(BlockType.EPB, ifId, data, origLen, tsHigh, tsLow);
  }

  /** The obsolete Packet Block (interface id and drop count in 16 bits each). */
  writeLegacyPacket(ifId: number, data: Uint8Array, origLen: number, tsHigh: number, tsLow: number): void {
    this.packetBlock(BlockType.PB, ifId, data, origLen, tsHigh, tsLow);
  }

  /** A Simple Packet Block: interface 0, no timestamp. */
  writeSimplePacket(data: Uint8Array, origLen: number): void {
    const out = this.out;
    const padded = (data.length + 3) & ~3;
    const total = 16 + padded;
    out.reserve(total);
    const v = out.view;
    const p = out.pos;
    v.setUint32(p, BlockType.SPB, this.le);
    v.setUint32(p + 4, total, this.le);
    v.setUint32(p + 8, origLen, this.le);
    out.buf.set(data, p + 12);
    out.buf.fill(0, p + 12 + data.length, p + 12 + padded);
    v.setUint32(p + total - 4, total, this.le);
    out.pos = p + total;
  }

  /** Any block, given its body (padded here). */
  block(type: number, body: Uint8Array): void {
    const out = this.out;
    const padded = (body.length + 3) & ~3;
    const total = 12 + padded;
    out.reserve(total);
    const v = out.view;
    const p = out.pos;
    v.setUint32(p, type, this.le);
    v.setUint32(p + 4, total, this.le);
    out.buf.set(body, p + 8);
    out.buf.fill(0, p + 8 + body.length, p + 8 + padded);
    v.setUint32(p + total - 4, total, this.le);
    out.pos = p + total;
  }

  private packetBlock(type: number, ifId: number, data: Uint8Array, origLen: number, tsHigh: number, tsLow: number): void {
    const out = this.out;
    const padded = (data.length + 3) & ~3;
    const total = 32 + padded;
    out.reserve(total);
    const v = out.view;
    const p = out.pos;
    v.setUint32(p, type, this.le);
    v.setUint32(p + 4, total, this.le);
    if (type === BlockType.PB) { v.setUint16(p + 8, ifId, this.le); v.setUint16(p + 10, 0, this.le); }
    else v.setUint32(p + 8, ifId, this.le);
    v.setUint32(p + 12, tsHigh, this.le);
    v.setUint32(p + 16, tsLow, this.le);
    v.setUint32(p + 20, data.length, this.le);
    v.setUint32(p + 24, origLen, this.le);
    out.buf.set(data, p + 28);
    out.buf.fill(0, p + 28 + data.length, p + 28 + padded);
    v.setUint32(p + total - 4, total, this.le);
    out.pos = p + total;
  }

  private option(code: number, value: Uint8Array): Uint8Array {
    const o = new Uint8Array(4 + ((value.length + 3) & ~3));
    const v = new DataView(o.buffer);
    v.setUint16(0, code, this.le);
    v.setUint16(2, value.length, this.le);
    o.set(value, 4);
    return o;
  }
}

/**
 * Re-emits a capture item by item in its own format, byte order, link types and timestamp resolution.
 * Headers and unknown blocks are copied verbatim; a packet is copied verbatim unless it must be
 * truncated, in which case its record is rebuilt with the shorter captured length (original length kept).
 *
 * Consecutive whole records that lie back to back in the reader's buffer are copied as one run, so a
 * filter that keeps most packets copies memory in large blocks. The reader's buffers must therefore
 * stay unchanged until `flush()` (pushed chunks are never modified). Call `flush()` at the end.
 */
export class CaptureCopier {
  private readonly out: ChunkedOutput;
  private runBytes: Uint8Array | undefined;
  private runStart = 0;
  private runEnd = 0;

  constructor(out: ChunkedOutput) {
    this.out = out;
  }

  /** Writes the pending run of records to the output (not the output's own buffer: see ChunkedOutput.flush). */
  flush(): void {
    if (this.runBytes === undefined) return;
    this.out.bytes(this.runBytes.subarray(this.runStart, this.runEnd));
    this.runBytes = undefined;
  }

  header(item: CaptureHeaderItem): void {
    this.flush();
    if (item.kind !== 'section') {
      this.out.bytes(item.raw);
      return;
    }
    // The copy's section is shorter than the original: its length becomes "unknown" (-1).
    const start = this.out.pos;
    this.out.bytes(item.raw);
    this.out.view.setBigInt64(start + 16, -1n, item.littleEndian);
  }

  /** Writes the packet keeping at most `snap` captured bytes (`snap` ≥ caplen copies it unchanged). */
  packet(p: PacketRecord, snap: number): void {
    if (snap >= p.caplen) {
      if (p.bytes === this.runBytes && p.rawStart === this.runEnd) {
        this.runEnd = p.rawEnd;
        return;
      }
      this.flush();
      this.runBytes = p.bytes;
      this.runStart = p.rawStart;
      this.runEnd = p.rawEnd;
      return;
    }
    this.flush();
    const data = p.data.subarray(0, snap);
    if (p.blockType === 0) this.truncatedPcapRecord(p, data);
    else this.truncatedBlock(p, data);
  }

  private truncatedPcapRecord(p: PacketRecord, data: Uint8Array): void {
    const out = this.out;
    const hlen = p.raw.length - p.data.length;
    out.reserve(hlen + data.length);
    const at = out.pos;
    out.buf.set(p.raw.subarray(0, hlen), at);
    out.view.setUint32(at + 8, data.length, p.littleEndian);
    out.buf.set(data, at + hlen);
    out.pos = at + hlen + data.length;
  }

  private truncatedBlock(p: PacketRecord, data: Uint8Array): void {
    const out = this.out;
    const le = p.littleEndian;
    // EPB and PB keep their header words and options; an SPB cannot say its captured length, so it
    // becomes an EPB on interface 0 with a zero timestamp.
    const isSpb = p.blockType === BlockType.SPB;
    const oldDataStart = isSpb ? 12 : 28;
    const options = isSpb ? new Uint8Array(0)
      : p.raw.subarray(oldDataStart + ((p.data.length + 3) & ~3), p.raw.length - 4);
    const padded = (data.length + 3) & ~3;
    const total = 28 + padded + options.length + 4;
    out.reserve(total);
    const v = out.view;
    const at = out.pos;
    if (isSpb) {
      v.setUint32(at, BlockType.EPB, le);
      v.setUint32(at + 8, 0, le);
      v.setUint32(at + 12, 0, le);
      v.setUint32(at + 16, 0, le);
    } else {
      out.buf.set(p.raw.subarray(0, 20), at);
    }
    v.setUint32(at + 4, total, le);
    v.setUint32(at + 20, data.length, le);
    v.setUint32(at + 24, p.origLen, le);
    out.buf.set(data, at + 28);
    out.buf.fill(0, at + 28 + data.length, at + 28 + padded);
    out.buf.set(options, at + 28 + padded);
    v.setUint32(at + total - 4, total, le);
    out.pos = at + total;
  }
}
