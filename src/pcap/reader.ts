/**
 * A streaming reader for pcap and pcapng captures. Bytes arrive in chunks (`push`), packets leave one at
 * a time (`next`), so a file larger than memory is read with at most one chunk plus one record held.
 *
 * The hot path allocates nothing per packet: `next()` returns the same `PacketRecord` object each time,
 * its `data` and `raw` views pointing into the pushed chunk (valid until the next `push`). Corrupt or
 * truncated input throws `PcapError` with the byte offset of the bad record — only after every packet
 * before it has been returned.
 */
import { PcapError } from '../errors.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/** The 24-byte pcap file header. */
export interface PcapFileHeader {
  littleEndian: boolean;
  /** Timestamp fraction unit: true for nanoseconds (magic 0xa1b23c4d), false for microseconds. */
  nanosecond: boolean;
  /** Kuznetzov's "modified" format (magic 0xa1b2cd34): 24-byte record headers. */
  modified: boolean;
  versionMajor: number;
  versionMinor: number;
  thiszone: number;
  sigfigs: number;
  snaplen: number;
  /** The LINKTYPE_* value (low 16 bits of the field). */
  linkType: number;
  /** The whole link-type field, FCS bits included. */
  linkTypeField: number;
}

/** One pcapng interface (IDB), or the single implicit interface of a pcap file. */
export interface CaptureInterface {
  id: number;
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (`if_tsresol`; 10^6 by default). */
  unitsPerSecond: bigint;
  /** `if_tsoffset`: seconds added to every timestamp. */
  tsOffset: bigint;
  name: string | undefined;
}

export interface PacketRecord {
  kind: 'packet';
  /**
   * The buffer holding the record right now, with the captured bytes at `dataStart` (`caplen` of
   * them) and the whole record at `rawStart..rawEnd`: for consumers that must not allocate per packet.
   */
  bytes: Uint8Array;
  dataStart: number;
  caplen: number;
  rawStart: number;
  rawEnd: number;
  /** 0-based position among the packets of the file. */
  index: number;
  /** Byte offset of the record header (pcap) or block (pcapng) in the file. */
  offset: number;
  /** The captured bytes (caplen of them). A view: valid until the next `push`. */
  data: Uint8Array;
  /** The original (wire) length. */
  origLen: number;
  linkType: number;
  iface: CaptureInterface;
  /** Timestamp as stored: pcap seconds and fraction; pcapng the high and low words of the tick count. */
  tsHigh: number;
  tsLow: number;
  /** pcap: 0. pcapng: the block type (6 EPB, 3 SPB, 2 PB). */
  blockType: number;
  /** The whole record or block as stored in the file (a view, like `data`). */
  raw: Uint8Array;
  littleEndian: boolean;
}

/** Everything that is not a packet, so a copier can reproduce the file's structure. */
export type CaptureHeaderItem =
  | { kind: 'pcap-header'; header: PcapFileHeader; raw: Uint8Array }
  | { kind: 'section'; littleEndian: boolean; versionMajor: number; versionMinor: number; offset: number; raw: Uint8Array }
  | { kind: 'interface'; iface: CaptureInterface; offset: number; raw: Uint8Array }
  | { kind: 'block'; type: number; offset: number; raw: Uint8Array };

export type CaptureItem = PacketRecord | CaptureHeaderItem;

export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const PCAP_MAGIC_NSEC = 0xa1b23c4d;
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;
export const PCAPNG_SHB = 0x0a0d0d0a;
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const BlockType = { PB: 2, IDB: 1, SPB: 3, NRB: 4, ISB: 5, EPB: 6, SHB: PCAPNG_SHB } as const;

/** Largest caplen accepted in a pcap record: libpcap's MAXIMUM_SNAPLEN, or the file's snaplen if larger. */
const MAX_SNAPLEN = 262144;
/** Largest pcapng block accepted (libpcap's limit), so a corrupt length cannot make us buffer gigabytes. */
const MAX_BLOCK = 16 * 1024 * 1024;

const EMPTY = new Uint8Array(0);

/** The reader's one reusable packet: views over the buffer are made only when asked for. */
class PacketSlot implements PacketRecord {
  readonly kind = 'packet' as const;
  index = 0;
  offset = 0;
  bytes: Uint8Array = EMPTY;
  dataStart = 0;
  caplen = 0;
  rawStart = 0;
  rawEnd = 0;
  origLen = 0;
  linkType = 0;
  iface: CaptureInterface;
  tsHigh = 0;
  tsLow = 0;
  blockType = 0;
  littleEndian = true;
  private dataView: Uint8Array | undefined;
  private rawView: Uint8Array | undefined;

  constructor(iface: CaptureInterface) {
    this.iface = iface;
  }

  /** Points the slot at a record in `bytes`. */
  place(bytes: Uint8Array, rawStart: number, rawEnd: number, dataStart: number, caplen: number): void {
    this.bytes = bytes;
    this.rawStart = rawStart;
    this.rawEnd = rawEnd;
    this.dataStart = dataStart;
    this.caplen = caplen;
    this.dataView = undefined;
    this.rawView = undefined;
  }

  get data(): Uint8Array {
    return (this.dataView ??= this.bytes.subarray(this.dataStart, this.dataStart + this.caplen));
  }

  get raw(): Uint8Array {
    return (this.rawView ??= this.bytes.subarray(this.rawStart, this.rawEnd));
  }
}

export class CaptureReader {
  /** 'pcap' or 'pcapng' once the first bytes are seen. */
  format: CaptureFormat | undefined;
  pcapHeader: PcapFileHeader | undefined;
  /** The interfaces of the current pcapng section (a new section resets them). */
  interfaces: CaptureInterface[] = [];
  /** Packets returned so far. */
  count = 0;

  private buf: Uint8Array = EMPTY;
  /** Where records that straddle two chunks are joined; grows to the largest chunk plus one record. */
  private scratch: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(EMPTY.buffer);
  private pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private ended = false;
  private le = true;
  private recordHeaderLen = 16;
  private swapLengths: 'never' | 'always' | 'maybe' = 'never';
  private maxCaplen = MAX_SNAPLEN;
  private readonly packet: PacketSlot;

  constructor() {
    const iface: CaptureInterface = { id: 0, linkType: 0, snaplen: 0, unitsPerSecond: 1000000n, tsOffset: 0n, name: undefined };
    this.packet = new PacketSlot(iface);
  }

  /**
   * Adds bytes. The reader reads `chunk` in place until the next `push`, which copies whatever part of
   * it is still unread; so a chunk may be reused (overwritten) once the following chunk has been pushed
   * and the views handed out from it are no longer needed.
   */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('CaptureReader.push after end');
    if (chunk.length === 0) return;
    const rest = this.buf.length - this.pos;
    this.base += this.pos;
    if (rest === 0) {
      this.buf = chunk;
    } else {
      // A record straddles the chunks: join its start and the new chunk in a reused scratch buffer.
      const need = rest + chunk.length;
      const inScratch = this.buf.buffer === this.scratch.buffer;
      if (need > this.scratch.length) {
        const bigger = new Uint8Array(Math.max(need, this.scratch.length * 2));
        bigger.set(this.buf.subarray(this.pos));
        this.scratch = bigger;
      } else if (inScratch) {
        this.scratch.copyWithin(0, this.buf.byteOffset - this.scratch.byteOffset + this.pos, this.buf.byteOffset - this.scratch.byteOffset + this.buf.length);
      } else {
        this.scratch.set(this.buf.subarray(this.pos));
      }
      this.scratch.set(chunk, rest);
      this.buf = this.scratch.subarray(0, need);
    }
    this.pos = 0;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** No more bytes will come: leftover bytes now make `next()` throw a truncation error. */
  end(): void {
    this.ended = true;
  }

  /** File offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * The next packet or header item; `null` when more input is needed (or, after `end()`, at a clean
   * end of file). Throws `PcapError` on corrupt or truncated input.
   */
  next(): CaptureItem | null {
    if (this.format === 'pcap') return this.nextPcapRecord();
    if (this.format === 'pcapng') return this.nextBlock();
    return this.start();
  }

  /** Like `next()` but skips header items: the next packet or `null`. */
  nextPacket(): PacketRecord | null {
    for (;;) {
      const item = this.next();
      if (item === null || item.kind === 'packet') return item;
    }
  }

  private available(): number {
    return this.buf.length - this.pos;
  }

  /** Returns false when `n` bytes are not yet buffered; throws at end of input. */
  /** `what` is a constant (no string is built per packet); the message adds the packet number. */
  private need(n: number, what: 'file header' | 'pcap file header' | 'packet record header' | 'packet record' | 'pcapng block header' | 'pcapng block'): boolean {
    const have = this.buf.length - this.pos;
    if (have >= n) return true;
    if (this.ended) {
      if (have === 0 && what !== 'file header') return false;
      const name = what === 'packet record' ? `packet ${this.count + 1} (record)`
        : what === 'pcapng block' ? `pcapng block (type 0x${this.view.getUint32(this.pos, this.le).toString(16)})` : what;
      throw new PcapError(`truncated ${name}: ${have} of ${n} bytes`, this.offset);
    }
    return false;
  }

  private start(): CaptureItem | null {
    if (!this.need(4, 'file header')) return null;
    const magicLE = this.view.getUint32(this.pos, true);
    if (magicLE === PCAPNG_SHB) {
      this.format = 'pcapng';
      return this.nextBlock();
    }
    let le: boolean;
    let kind: number;
    if (magicLE === PCAP_MAGIC_USEC || magicLE === PCAP_MAGIC_NSEC || magicLE === PCAP_MAGIC_MODIFIED) {
      le = true; kind = magicLE;
    } else {
      const magicBE = this.view.getUint32(this.pos, false);
      if (magicBE !== PCAP_MAGIC_USEC && magicBE !== PCAP_MAGIC_NSEC && magicBE !== PCAP_MAGIC_MODIFIED) {
        throw new PcapError(`not a pcap or pcapng file (magic 0x${magicBE.toString(16).padStart(8, '0')})`, this.offset);
      }
      le = false; kind = magicBE;
    }
    if (!this.need(24, 'pcap file header')) return null;
    const v = this.view;
    const p = this.pos;
    const linkTypeField = v.getUint32(p + 20, le);
    const header: PcapFileHeader = {
      littleEndian: le,
      nanosecond: kind === PCAP_MAGIC_NSEC,
      modified: kind === PCAP_MAGIC_MODIFIED,
      versionMajor: v.getUint16(p + 4, le),
      versionMinor: v.getUint16(p + 6, le),
      thiszone: v.getInt32(p + 8, le),
      sigfigs: v.getUint32(p + 12, le),
      snaplen: v.getUint32(p + 16, le),
      linkType: linkTypeField & 0xffff,
      linkTypeField,
    };
    if (header.versionMajor !== 2 && header.versionMajor !== 543) {
      throw new PcapError(`unsupported pcap version ${header.versionMajor}.${header.versionMinor}`, this.offset + 4);
    }
    if ((linkTypeField & 0x03ff0000) !== 0) {
      throw new PcapError(`reserved bits set in link type field 0x${linkTypeField.toString(16)}`, this.offset + 20);
    }
    this.format = 'pcap';
    this.pcapHeader = header;
    this.le = le;
    this.recordHeaderLen = header.modified ? 24 : 16;
    // Versions before 2.3 (and the byte-swapped 543) stored caplen and len the other way round.
    this.swapLengths = header.versionMajor === 543 || header.versionMinor < 3 ? 'always'
      : header.versionMinor === 3 ? 'maybe' : 'never';
    this.maxCaplen = Math.max(MAX_SNAPLEN, header.snaplen);
    const iface: CaptureInterface = {
      id: 0, linkType: header.linkType, snaplen: header.snaplen,
      unitsPerSecond: header.nanosecond ? 1000000000n : 1000000n, tsOffset: 0n, name: undefined,
    };
    this.interfaces = [iface];
    this.packet.iface = iface;
    this.packet.linkType = header.linkType;
    this.packet.littleEndian = le;
    this.packet.blockType = 0;
    const raw = this.buf.slice(p, p + 24);
    this.pos += 24;
    return { kind: 'pcap-header', header, raw };
  }

  private nextPcapRecord(): PacketRecord | null {
    const hlen = this.recordHeaderLen;
    if (!this.need(hlen, 'packet record header')) return null;
    const v = this.view;
    const p = this.pos;
    const le = this.le;
    let caplen = v.getUint32(p + 8, le);
    let len = v.getUint32(p + 12, le);
    if (this.swapLengths !== 'never' && (this.swapLengths === 'always' || caplen > len)) {
      const t = caplen; caplen = len; len = t;
    }
    if (caplen > this.maxCaplen) {
      throw new PcapError(`packet ${this.count + 1}: captured length ${caplen} exceeds the maximum ${this.maxCaplen}`, this.offset);
    }
    if (!this.need(hlen + caplen, 'packet record')) return null;
    const pk = this.packet;
    pk.index = this.count++;
    pk.offset = this.base + p;
    pk.tsHigh = v.getUint32(p, le);
    pk.tsLow = v.getUint32(p + 4, le);
    pk.origLen = len;
    pk.place(this.buf, p, p + hlen + caplen, p + hlen, caplen);
    this.pos = p + hlen + caplen;
    return pk;
  }

  private nextBlock(): CaptureItem | null {
    if (!this.need(12, 'pcapng block header')) return null;
    const v = this.view;
    const p = this.pos;
    const blockOffset = this.base + p;
    const typeLE = v.getUint32(p, true);
    if (typeLE === PCAPNG_SHB) {
      // The byte-order magic decides how this block (and the whole section) is read.
      const bom = v.getUint32(p + 8, true);
      if (bom === PCAPNG_BYTE_ORDER_MAGIC) this.le = true;
      else if (bom === 0x4d3c2b1a) this.le = false;
      else throw new PcapError(`section header: bad byte-order magic 0x${bom.toString(16)}`, blockOffset + 8);
    }
    const le = this.le;
    const type = v.getUint32(p, le);
    const total = v.getUint32(p + 4, le);
    if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK) {
      throw new PcapError(`block type 0x${type.toString(16)}: bad total length ${total}`, blockOffset + 4);
    }
    if (!this.need(total, 'pcapng block')) return null;
    const trailer = v.getUint32(p + total - 4, le);
    if (trailer !== total) {
      throw new PcapError(`block type 0x${type.toString(16)}: trailing length ${trailer} differs from ${total}`, blockOffset + total - 4);
    }
    const bodyEnd = p + total - 4;
    let item: CaptureItem;
    switch (type) {
      case BlockType.SHB: {
        if (total < 28) throw new PcapError(`section header too short (${total} bytes)`, blockOffset);
        const versionMajor = v.getUint16(p + 12, le);
        if (versionMajor !== 1) throw new PcapError(`unsupported pcapng version ${versionMajor}`, blockOffset + 12);
        this.interfaces = [];
        item = { kind: 'section', littleEndian: le, versionMajor, versionMinor: v.getUint16(p + 14, le), offset: blockOffset, raw: this.buf.slice(p, p + total) };
        break;
      }
      case BlockType.IDB: {
        if (total < 20) throw new PcapError(`interface description too short (${total} bytes)`, blockOffset);
        const iface: CaptureInterface = {
          id: this.interfaces.length, linkType: v.getUint16(p + 8, le), snaplen: v.getUint32(p + 12, le),
          unitsPerSecond: 1000000n, tsOffset: 0n, name: undefined,
        };
        this.readInterfaceOptions(iface, p + 16, bodyEnd, blockOffset);
        this.interfaces.push(iface);
        item = { kind: 'interface', iface, offset: blockOffset, raw: this.buf.slice(p, p + total) };
        break;
      }
      case BlockType.EPB:
      case BlockType.PB: {
        if (total < 32) throw new PcapError(`packet block too short (${total} bytes)`, blockOffset);
        const ifId = type === BlockType.EPB ? v.getUint32(p + 8, le) : v.getUint16(p + 8, le);
        const caplen = v.getUint32(p + 20, le);
        if (caplen > total - 32) throw new PcapError(`packet ${this.count + 1}: captured length ${caplen} exceeds its block`, blockOffset + 20);
        item = this.packetAt(ifId, blockOffset, type, v.getUint32(p + 12, le), v.getUint32(p + 16, le),
          p + 28, caplen, v.getUint32(p + 24, le), p, p + total);
        break;
      }
      case BlockType.SPB: {
        if (total < 16) throw new PcapError(`simple packet block too short (${total} bytes)`, blockOffset);
        const origLen = v.getUint32(p + 8, le);
        const iface0 = this.interfaces[0];
        const room = total - 16;
        let caplen = Math.min(origLen, room);
        if (iface0 && iface0.snaplen !== 0) caplen = Math.min(caplen, iface0.snaplen);
        item = this.packetAt(0, blockOffset, type, 0, 0, p + 12, caplen, origLen, p, p + total);
        break;
      }
      default:
        item = { kind: 'block', type, offset: blockOffset, raw: this.buf.slice(p, p + total) };
    }
    this.pos = p + total;
    return item;
  }

  private packetAt(ifId: number, blockOffset: number, type: number, tsHigh: number, tsLow: number,
    start: number, caplen: number, origLen: number, rawStart: number, rawEnd: number): PacketRecord {
    const iface = this.interfaces[ifId];
    if (!iface) {
      const what = this.interfaces.length === 0 ? 'no interface description block before it' : `only ${this.interfaces.length} interfaces`;
      throw new PcapError(`packet ${this.count + 1}: interface ${ifId} is not defined (${what})`, blockOffset);
    }
    const pk = this.packet;
    pk.index = this.count++;
    pk.offset = blockOffset;
    pk.iface = iface;
    pk.linkType = iface.linkType;
    pk.blockType = type;
    pk.tsHigh = tsHigh;
    pk.tsLow = tsLow;
    pk.origLen = origLen;
    pk.place(this.buf, rawStart, rawEnd, start, caplen);
    pk.littleEndian = this.le;
    return pk;
  }

  private readInterfaceOptions(iface: CaptureInterface, at: number, end: number, blockOffset: number): void {
    const v = this.view;
    const le = this.le;
    while (at + 4 <= end) {
      const code = v.getUint16(at, le);
      const len = v.getUint16(at + 2, le);
      if (code === 0) break;
      const value = at + 4;
      if (value + len > end) throw new PcapError(`interface option ${code}: length ${len} overruns the block`, blockOffset + (at - this.pos));
      if (code === 9 && len >= 1) {
        const r = this.buf[value]!;
        iface.unitsPerSecond = (r & 0x80) ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r & 0x7f);
      } else if (code === 14 && len >= 8) {
        iface.tsOffset = v.getBigInt64(value, le);
      } else if (code === 2) {
        iface.name = new TextDecoder().decode(this.buf.subarray(value, value + len));
      }
      at = value + ((len + 3) & ~3);
    }
  }
}

/** The packet's timestamp in nanoseconds since the epoch. */
export function timestampNanos(p: PacketRecord): bigint {
  const units = p.iface.unitsPerSecond;
  if (p.blockType === 0) {
    return BigInt(p.tsHigh) * 1000000000n + (BigInt(p.tsLow) * 1000000000n) / units;
  }
  const ticks = (BigInt(p.tsHigh) << 32n) | BigInt(p.tsLow);
  return (ticks * 1000000000n) / units + p.iface.tsOffset * 1000000000n;
}

/** Reads every item from a stream of byte chunks (a Node stream, a web stream reader, an array). */
export async function* readCapture(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<CaptureItem> {
  const reader = new CaptureReader();
  for await (const chunk of source) {
    reader.push(chunk);
    for (let item = reader.next(); item !== null; item = reader.next()) yield item;
  }
  reader.end();
  for (let item = reader.next(); item !== null; item = reader.next()) yield item;
}

/** Parses a whole capture held in memory; packets are copied out so they outlive the call. */
export function parseCapture(bytes: Uint8Array): { format: CaptureFormat; items: CaptureItem[] } {
  const reader = new CaptureReader();
  reader.push(bytes);
  reader.end();
  const items: CaptureItem[] = [];
  for (let item = reader.next(); item !== null; item = reader.next()) {
    if (item.kind !== 'packet') {
      items.push(item);
      continue;
    }
    const raw = item.raw.slice();
    const dataStart = item.dataStart - item.rawStart;
    items.push({
      kind: 'packet', index: item.index, offset: item.offset, bytes: raw, dataStart, caplen: item.caplen,
      rawStart: 0, rawEnd: raw.length, data: raw.subarray(dataStart, dataStart + item.caplen), origLen: item.origLen,
      linkType: item.linkType, iface: item.iface, tsHigh: item.tsHigh, tsLow: item.tsLow, blockType: item.blockType,
      raw, littleEndian: item.littleEndian,
    });
  }
  return { format: reader.format!, items };
}
