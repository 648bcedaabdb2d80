/**
 * Hash maps: `hash`, `percpu_hash`, `lru_hash`, `lru_percpu_hash` (and `devmap_hash`). Keys are
 * indexed in a JS `Map`; values live in VM memory slots (one per CPU for per-CPU maps) that stay
 * put while the element exists, so a looked-up pointer can be written through.
 *
 * Iteration order is insertion order (the kernel's is bucket order, which depends on its hash
 * seed and is not reproducible either). LRU eviction removes the least recently used element
 * when the map is full; the kernel's LRU is approximate (per-CPU lists, batch eviction), so which
 * element goes first can differ from the kernel when several are equally old.
 */
import { BpfMap, keyBytes, keyString, type MapEnv, type MapResult, round8 } from './map.js';
import { SlotStore } from './store.js';
import { BPF_EXIST, BPF_NOEXIST, ERRNO, MAP_TYPE, type MapDef } from './types.js';

export class HashMap extends BpfMap {
  readonly store: SlotStore;
  private readonly elemSize: number;
  private readonly cpus: number;
  /** encoded key → slot (per-CPU maps keep all CPUs' values in one slot). */
  private readonly index = new Map<string | number, number>();
  /** Keys of up to 6 bytes are numbers (exact in a double, cheaper to hash); longer ones strings. */
  private readonly encode: (key: Uint8Array) => string | number;
  private readonly decode: (key: string | number) => Uint8Array;
  readonly lru: boolean;

  constructor(def: MapDef, env: MapEnv, id: number, handle: number) {
    super(def, env, id, handle);
    this.elemSize = round8(def.valueSize);
    this.cpus = this.perCpu ? env.cpus : 1;
    this.lru = def.type === MAP_TYPE.lru_hash || def.type === MAP_TYPE.lru_percpu_hash;
    this.store = new SlotStore(env.space, `map:${def.name}`, this.elemSize * this.cpus, def.maxEntries);
    const size = def.keySize;
    if (size <= 6) {
      this.encode = (key) => {
        let v = 0;
        for (let i = size - 1; i >= 0; i--) v = v * 256 + (key[i] ?? 0);
        return v;
      };
      this.decode = (k) => {
        const out = new Uint8Array(size);
        let v = k as number;
        for (let i = 0; i < size; i++) {
          out[i] = v % 256;
          v = Math.floor(v / 256);
        }
        return out;
      };
    } else {
      this.encode = (key) => keyString(key.subarray(0, size));
      this.decode = (k) => keyBytes(k as string);
    }
  }

  override get perCpu(): boolean {
    return this.def.type === MAP_TYPE.percpu_hash || this.def.type === MAP_TYPE.lru_percpu_hash;
  }

  get size(): number {
    return this.index.size;
  }

  private touch(k: string | number, slot: number): void {
    if (!this.lru) return;
    this.index.delete(k);
    this.index.set(k, slot);
  }

  override lookupPtr(key: Uint8Array, cpu: number): number {
    const k = this.encode(key);
    const slot = this.index.get(k);
    if (slot === undefined) return 0;
    this.touch(k, slot);
    return this.store.addr(slot) + (this.perCpu ? (cpu % this.cpus) * this.elemSize : 0);
  }

  lookup(key: Uint8Array): MapResult {
    const slot = this.index.get(this.encode(key));
    if (slot === undefined) return -ERRNO.ENOENT;
    const v = this.store.bytes(slot);
    if (!this.perCpu) return v.slice(0, this.def.valueSize);
    const out = new Uint8Array(this.userValueSize);
    for (let c = 0; c < this.cpus; c++) out.set(v.subarray(c * this.elemSize, c * this.elemSize + this.def.valueSize), c * this.elemSize);
    return out;
  }

  protected updateElem(key: Uint8Array, value: Uint8Array, flags: number, cpu: number): number {
    if (this.badFlags(flags)) return -ERRNO.EINVAL;
    const k = this.encode(key);
    let slot = this.index.get(k);
    if (slot !== undefined && flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    if (slot === undefined && flags === BPF_EXIST) return -ERRNO.ENOENT;
    if (slot === undefined) {
      if (this.index.size >= this.def.maxEntries) {
        if (!this.lru) return -ERRNO.E2BIG;
        const [oldest, oldSlot] = this.index.entries().next().value as [string | number, number];
        this.index.delete(oldest);
        this.store.release(oldSlot);
      }
      slot = this.store.allocate();
      if (slot < 0) return -ERRNO.E2BIG;
      this.index.set(k, slot);
    } else {
      this.touch(k, slot);
    }
    const dst = this.store.bytes(slot);
    if (!this.perCpu) {
      dst.set(value.subarray(0, this.def.valueSize));
    } else if (cpu < 0) {
      for (let c = 0; c < this.cpus; c++) dst.set(value.subarray(c * this.elemSize, c * this.elemSize + this.def.valueSize), c * this.elemSize);
    } else {
      dst.set(value.subarray(0, this.def.valueSize), (cpu % this.cpus) * this.elemSize);
    }
    return 0;
  }

  delete(key: Uint8Array): number {
    const k = this.encode(key);
    const slot = this.index.get(k);
    if (slot === undefined) return -ERRNO.ENOENT;
    this.index.delete(k);
    this.store.release(slot);
    return 0;
  }

  getNextKey(key: Uint8Array | null): MapResult {
    const keys = this.index.keys();
    if (key !== null) {
      const k = this.encode(key);
      if (this.index.has(k)) {
        for (const each of keys) if (each === k) break;
      } else {
        return this.firstKey();
      }
    }
    const next = keys.next();
    return next.done ? -ERRNO.ENOENT : this.decode(next.value);
  }

  private firstKey(): MapResult {
    const first = this.index.keys().next();
    return first.done ? -ERRNO.ENOENT : this.decode(first.value);
  }

  override lookupAndDelete(key: Uint8Array | null): MapResult {
    if (key === null) return -ERRNO.EINVAL;
    const v = this.lookup(key);
    if (typeof v === 'number') return v;
    this.delete(key);
    return v;
  }

  override entries(): { key: Uint8Array; value: Uint8Array }[] {
    return [...this.index.keys()].map((k) => {
      const key = this.decode(k);
      return { key, value: this.lookup(key) as Uint8Array };
    });
  }

  /** Every key in iteration order (for `for_each_map_elem` and dumps). */
  keyList(): Uint8Array[] {
    return [...this.index.keys()].map((k) => this.decode(k));
  }
}
