/**
 * The VM address space: one model for every tier (see docs/address-space.md).
 *
 * VM addresses are 32-bit values (zero-extended in 64-bit registers). Memory is split into
 * 64 KiB pages; a page table maps each page (addr >>> 16) to a region id, and the region's entry
 * gives its VM base (page aligned), its length, its offset in the backing linear memory and
 * its permissions. An access is valid when the address's upper 32 bits are zero, its page belongs
 * to a region, and offset + size ≤ length. Regions are separated by at least one unmapped page, so
 * running off the end of one never lands in another. Page 0 is never mapped, so NULL faults.
 *
 * The page table and the region table live at the start of the backing `WebAssembly.Memory`, so
 * the JIT performs exactly the same lookup with wasm loads as the interpreter does in JS.
 */

export const PAGE_SHIFT = 16;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_COUNT = 1 << (32 - PAGE_SHIFT);

/** Byte offset of the page table (u16 region id per page) in linear memory. */
export const PAGE_TABLE_OFFSET = 0;
/** Byte offset of the region table: 4 × u32 per region (vm base, length, host offset, flags). */
export const REGION_TABLE_OFFSET = PAGE_COUNT * 2;
export const MAX_REGIONS = 4096;
export const REGION_ENTRY_WORDS = 4;
/** First byte of linear memory available for region contents. */
export const HEAP_OFFSET = REGION_TABLE_OFFSET + MAX_REGIONS * REGION_ENTRY_WORDS * 4;

export const RegionFlag = { WRITABLE: 1 } as const;

const WASM_PAGE = 65536;

export interface Region {
  readonly id: number;
  readonly name: string;
  /** VM address of the first byte. */
  readonly vmAddr: number;
  /** Bytes reserved in linear memory; `length` may change up to this. */
  readonly capacity: number;
  /** Offset of the first byte in linear memory. */
  readonly hostOffset: number;
  readonly writable: boolean;
}

export interface MapOptions {
  writable?: boolean;
  /** Bytes to reserve beyond the initial length (e.g. packet headroom/tailroom). */
  capacity?: number;
  /** Fixed VM address (page aligned); otherwise the next free pages after a guard page. */
  vmAddr?: number;
}

/** Result codes of `translate` below 0. */
export const Fault = { UNMAPPED: -1, BOUNDS: -2, READ_ONLY: -3 } as const;

export class AddressSpace {
  readonly memory: WebAssembly.Memory;
  /** Views over `memory.buffer`; refreshed whenever the memory grows. */
  bytes!: Uint8Array;
  view!: DataView;
  pageTable!: Uint16Array;
  regionTable!: Uint32Array;
  readonly regions: Region[] = [];
  private heapTop = HEAP_OFFSET;
  /** Next page to hand out; page 0 stays unmapped. */
  private nextPage = 1;

  constructor(initialBytes = 1 << 20) {
    const pages = Math.ceil(Math.max(initialBytes, HEAP_OFFSET + WASM_PAGE) / WASM_PAGE);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: 65536 });
    this.refreshViews();
    // Region 0: the null region, length 0, so any access through an unmapped page faults.
    this.regions.push({ id: 0, name: 'null', vmAddr: 0, capacity: 0, hostOffset: 0, writable: false });
  }

  private refreshViews(): void {
    const buf = this.memory.buffer;
    this.bytes = new Uint8Array(buf);
    this.view = new DataView(buf);
    this.pageTable = new Uint16Array(buf, PAGE_TABLE_OFFSET, PAGE_COUNT);
    this.regionTable = new Uint32Array(buf, REGION_TABLE_OFFSET, MAX_REGIONS * REGION_ENTRY_WORDS);
  }

  /** Maps a new region of `length` bytes (zero-filled) and returns it. */
  map(name: string, length: number, options: MapOptions = {}): Region {
    const capacity = Math.max(length, options.capacity ?? length);
    if (this.regions.length >= MAX_REGIONS) throw new RangeError(`too many regions (max ${MAX_REGIONS})`);
    if (capacity > 0x7fff0000) throw new RangeError(`region ${name} too large: ${capacity} bytes`);
    const pages = Math.max(1, Math.ceil(capacity / PAGE_SIZE));
    let firstPage: number;
    if (options.vmAddr !== undefined) {
      if (options.vmAddr % PAGE_SIZE !== 0 || options.vmAddr === 0) throw new RangeError(`region ${name}: address 0x${options.vmAddr.toString(16)} is not a nonzero page boundary`);
      firstPage = options.vmAddr >>> PAGE_SHIFT;
      for (let p = firstPage; p < firstPage + pages; p++) {
        if (this.pageTable[p] !== 0) throw new RangeError(`region ${name}: address 0x${options.vmAddr.toString(16)} overlaps ${this.regions[this.pageTable[p]!]!.name}`);
      }
    } else {
      firstPage = this.nextPage;
    }
    if (firstPage + pages > PAGE_COUNT) throw new RangeError('VM address space exhausted');
    this.nextPage = Math.max(this.nextPage, firstPage + pages + 1); // +1: guard page
    const hostOffset = this.allocate(capacity);
    const id = this.regions.length;
    const region: Region = {
      id, name, vmAddr: firstPage * PAGE_SIZE, capacity, hostOffset, writable: options.writable ?? true,
    };
    this.regions.push(region);
    this.pageTable.fill(id, firstPage, firstPage + pages);
    const e = id * REGION_ENTRY_WORDS;
    this.regionTable[e] = region.vmAddr;
    this.regionTable[e + 1] = length;
    this.regionTable[e + 2] = hostOffset;
    this.regionTable[e + 3] = region.writable ? RegionFlag.WRITABLE : 0;
    return region;
  }

  /**
   * Reserves `bytes` of linear memory that no region maps, so no program can address them (the
   * JIT's scratch words and batch staging). Returns the offset; the VM address layout is unchanged.
   */
  reserveHost(bytes: number): number {
    return this.allocate(bytes);
  }

  private allocate(bytes: number): number {
    const start = (this.heapTop + 7) & ~7;
    const end = start + bytes;
    if (end > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / WASM_PAGE));
      this.refreshViews();
    }
    this.heapTop = end;
    this.bytes.fill(0, start, end);
    return start;
  }

  /** Current accessible length of a region. */
  lengthOf(region: Region): number {
    return this.regionTable[region.id * REGION_ENTRY_WORDS + 1]!;
  }

  /** Changes how many bytes of a region are accessible (0..capacity). */
  setLength(region: Region, length: number): void {
    if (length < 0 || length > region.capacity) throw new RangeError(`region ${region.name}: length ${length} exceeds capacity ${region.capacity}`);
    this.regionTable[region.id * REGION_ENTRY_WORDS + 1] = length;
  }

  /** Makes a region read-only or writable. */
  setWritable(region: Region, writable: boolean): void {
    (region as { writable: boolean }).writable = writable;
    this.regionTable[region.id * REGION_ENTRY_WORDS + 3] = writable ? RegionFlag.WRITABLE : 0;
  }

  /**
   * Translates a VM address (low 32 bits; callers check the upper bits are zero) to an offset in
   * linear memory, or a negative `Fault` code. The arithmetic is overflow-free: offsets are below
   * 2^32 and JS numbers are exact to 2^53.
   */
  translate(addr: number, size: number, write: boolean): number {
    const id = this.pageTable[addr >>> PAGE_SHIFT]!;
    if (id === 0) return Fault.UNMAPPED;
    const e = id * REGION_ENTRY_WORDS;
    const off = (addr >>> 0) - this.regionTable[e]!;
    if (off + size > this.regionTable[e + 1]!) return Fault.BOUNDS;
    if (write && (this.regionTable[e + 3]! & RegionFlag.WRITABLE) === 0) return Fault.READ_ONLY;
    return this.regionTable[e + 2]! + off;
  }

  /** The region containing a VM address, if any. */
  regionAt(addr: number): Region | undefined {
    const id = this.pageTable[addr >>> PAGE_SHIFT]!;
    return id === 0 ? undefined : this.regions[id];
  }

  /** Copies bytes into VM memory from the host side (ignores write permission). */
  write(addr: number, data: Uint8Array): void {
    const host = this.translate(addr, data.length, false);
    if (host < 0) throw new RangeError(`host write of ${data.length} bytes at 0x${addr.toString(16)} is outside every region`);
    this.bytes.set(data, host);
  }

  /** Copies bytes out of VM memory. */
  read(addr: number, length: number): Uint8Array {
    const host = this.translate(addr, length, false);
    if (host < 0) throw new RangeError(`host read of ${length} bytes at 0x${addr.toString(16)} is outside every region`);
    return this.bytes.slice(host, host + length);
  }

  /** A live view of a region's accessible bytes (invalidated if memory grows). */
  viewOf(region: Region): Uint8Array {
    return this.bytes.subarray(region.hostOffset, region.hostOffset + this.lengthOf(region));
  }
}
