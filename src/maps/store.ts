/**
 * Fixed-size value slots in VM memory. Slots are handed out from regions of the address space
 * ("chunks") created on demand, so a hash map with a million possible entries costs memory only for
 * the entries it holds, and a value pointer returned to a program stays valid for the map's life.
 */
import type { AddressSpace, Region } from '../vm/memory.js';

/** Bytes per chunk region (a few slots at least). */
const CHUNK_BYTES = 1 << 20;

export class SlotStore {
  readonly space: AddressSpace;
  readonly name: string;
  /** Bytes per slot. */
  readonly slotSize: number;
  readonly maxSlots: number;
  readonly writable: boolean;
  private readonly perChunk: number;
  private readonly chunks: Region[] = [];
  private readonly free: number[] = [];
  private used = 0;

  constructor(space: AddressSpace, name: string, slotSize: number, maxSlots: number, options: { eager?: boolean; writable?: boolean } = {}) {
    this.space = space;
    this.name = name;
    this.slotSize = Math.max(1, slotSize);
    this.maxSlots = maxSlots;
    this.writable = options.writable ?? true;
    this.perChunk = Math.max(1, Math.min(maxSlots, Math.floor(CHUNK_BYTES / this.slotSize)));
    if (options.eager) {
      // Arrays: one region for everything, so element i is at base + i * slotSize like the kernel's.
      this.perChunk = Math.max(1, maxSlots);
      this.chunks.push(space.map(name, this.perChunk * this.slotSize, { writable: this.writable }));
      this.used = maxSlots;
    }
  }

  /** A free slot (zero-filled), or -1 when all `maxSlots` are in use. */
  allocate(): number {
    const slot = this.free.pop() ?? (this.used < this.maxSlots ? this.used++ : -1);
    if (slot < 0) return -1;
    const chunk = Math.floor(slot / this.perChunk);
    while (this.chunks.length <= chunk) {
      this.chunks.push(this.space.map(`${this.name}#${this.chunks.length}`, this.perChunk * this.slotSize, { writable: this.writable }));
    }
    this.bytes(slot).fill(0);
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** VM address of a slot. */
  addr(slot: number): number {
    const chunk = this.chunks[Math.floor(slot / this.perChunk)]!;
    return chunk.vmAddr + (slot % this.perChunk) * this.slotSize;
  }

  /** Linear-memory offset of a slot. */
  host(slot: number): number {
    const chunk = this.chunks[Math.floor(slot / this.perChunk)]!;
    return chunk.hostOffset + (slot % this.perChunk) * this.slotSize;
  }

  /** Live view of a slot (invalid once memory grows). */
  bytes(slot: number): Uint8Array {
    const h = this.host(slot);
    return this.space.bytes.subarray(h, h + this.slotSize);
  }

  /** The first region (arrays keep everything there). */
  get region(): Region | undefined {
    return this.chunks[0];
  }

  /** Makes every chunk read-only or writable for programs (frozen `.rodata`). */
  setWritable(writable: boolean): void {
    for (const c of this.chunks) this.space.setWritable(c, writable);
  }
}
