/**
 * Event sinks: `ringbuf` (records reserved in VM memory, handed to the reader when submitted) and
 * `perf_event_array` (samples written with bpf_perf_event_output). The reader is tsbpf itself: it
 * collects every record in `events` as soon as it is committed, so the ring never stays full
 * between runs. Neither map supports element operations from user space.
 */
import { BpfMap, type MapEnv, type MapResult } from './map.js';
import { SlotStore } from './store.js';
import { ERRNO, type MapDef } from './types.js';

export interface MapEvent {
  /** Map the event came from. */
  map: string;
  /** CPU it was written on (perf) or 0 (ringbuf). */
  cpu: number;
  data: Uint8Array;
}

/** Space a record takes: 8-byte header (length, flags) plus data, rounded up to 8. */
const RINGBUF_HDR = 8;
export const BPF_RB_NO_WAKEUP = 1;
export const BPF_RB_FORCE_WAKEUP = 2;

export class RingBufMap extends BpfMap {
  readonly store: SlotStore;
  readonly events: MapEvent[] = [];
  /** Reserved, not yet submitted or discarded: data address → [start, end) in the ring. */
  private readonly outstanding = new Map<number, { start: number; end: number; size: number }>();
  private producer = 0;
  dropped = 0;

  constructor(def: MapDef, env: MapEnv, id: number, handle: number) {
    super(def, env, id, handle);
    this.store = new SlotStore(env.space, `map:${def.name}`, def.maxEntries, 1, { eager: true });
  }

  private fits(start: number, end: number): boolean {
    if (end > this.def.maxEntries) return false;
    for (const r of this.outstanding.values()) if (start < r.end && r.start < end) return false;
    return true;
  }

  /** bpf_ringbuf_reserve: VM address of `size` writable bytes, or 0. */
  reserve(size: number): number {
    const need = (RINGBUF_HDR + size + 7) & ~7;
    if (size <= 0 || need > this.def.maxEntries) return 0;
    let start = this.producer;
    if (!this.fits(start, start + need)) {
      start = 0;
      if (!this.fits(start, start + need)) {
        this.dropped++;
        return 0;
      }
    }
    this.producer = (start + need) % this.def.maxEntries;
    const base = this.store.addr(0);
    const data = base + start + RINGBUF_HDR;
    this.outstanding.set(data, { start, end: start + need, size });
    this.env.space.view.setUint32(this.store.host(0) + start, size, true);
    return data;
  }

  /** bpf_ringbuf_submit / discard; false if `addr` is not an outstanding reservation. */
  commit(addr: number, discard: boolean): boolean {
    const r = this.outstanding.get(addr);
    if (!r) return false;
    this.outstanding.delete(addr);
    if (!discard) {
      const h = this.store.host(0) + r.start + RINGBUF_HDR;
      this.events.push({ map: this.def.name, cpu: 0, data: this.env.space.bytes.slice(h, h + r.size) });
    }
    return true;
  }

  /** bpf_ringbuf_output: copy in one step. */
  output(data: Uint8Array): number {
    const addr = this.reserve(data.length);
    if (!addr) return -ERRNO.EAGAIN;
    this.env.space.write(addr, data);
    this.commit(addr, false);
    return 0;
  }

  /** bpf_ringbuf_query: BPF_RB_AVAIL_DATA (0), RING_SIZE (1), CONS_POS (2), PROD_POS (3). */
  query(flags: number): bigint {
    if (flags === 1) return BigInt(this.def.maxEntries);
    if (flags === 3) return BigInt(this.producer);
    return 0n;
  }

  lookup(): MapResult { return -ERRNO.ENOTSUPP; }
  protected updateElem(): number { return -ERRNO.ENOTSUPP; }
  delete(): number { return -ERRNO.ENOTSUPP; }
  getNextKey(): MapResult { return -ERRNO.ENOTSUPP; }
  override entries(): { key: Uint8Array; value: Uint8Array }[] { return []; }
}

/** `perf_event_array`: user space stores perf event fds; programs write samples to an index. */
export class PerfEventArrayMap extends BpfMap {
  readonly events: MapEvent[] = [];
  private readonly fds = new Map<number, number>();

  /** Records a sample for CPU/index `index`; -E2BIG past max_entries. */
  output(index: number, data: Uint8Array): number {
    if (index >= this.def.maxEntries) return -ERRNO.E2BIG;
    this.events.push({ map: this.def.name, cpu: index, data: data.slice() });
    return 0;
  }

  private index(key: Uint8Array): number {
    return new DataView(key.buffer, key.byteOffset, 4).getUint32(0, true);
  }

  /** User space cannot read perf event fds back (ENOTSUPP, like the kernel). */
  lookup(_key: Uint8Array): MapResult {
    return -ERRNO.ENOTSUPP;
  }

  protected updateElem(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > 2) return -ERRNO.EINVAL;
    const i = this.index(key);
    if (i >= this.def.maxEntries) return -ERRNO.E2BIG;
    this.fds.set(i, new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true));
    return 0;
  }

  delete(key: Uint8Array): number {
    const i = this.index(key);
    if (i >= this.def.maxEntries) return -ERRNO.EINVAL;
    return this.fds.delete(i) ? 0 : -ERRNO.ENOENT;
  }

  getNextKey(key: Uint8Array | null): MapResult {
    const i = key === null ? 0 : this.index(key) + 1;
    return i < this.def.maxEntries ? new Uint8Array(new Uint32Array([i]).buffer) : -ERRNO.ENOENT;
  }

  override entries(): { key: Uint8Array; value: Uint8Array }[] {
    return [];
  }
}
