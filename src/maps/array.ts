/**
 * Array maps: `array`, `percpu_array`, and the "sparse" arrays whose slots can be empty
 * (`devmap`, `cpumap`, `xskmap`, `cgroup_array`): key is a u32 index, every element is
 * preallocated and zero-filled, element i lives at `base + i * round_up(value_size, 8)` (per CPU:
 * one such block per CPU), exactly the kernel's layout.
 */
import { BpfMap, type MapEnv, type MapResult, round8 } from './map.js';
import { SlotStore } from './store.js';
import { BPF_F_RDONLY_PROG, BPF_NOEXIST, ERRNO, MAP_TYPE, type MapDef } from './types.js';

export class ArrayMap extends BpfMap {
  readonly store: SlotStore;
  readonly elemSize: number;
  private readonly cpus: number;
  /** For sparse arrays: which slots hold a value. */
  private readonly present: Uint8Array | undefined;

  constructor(def: MapDef, env: MapEnv, id: number, handle: number) {
    super(def, env, id, handle);
    this.elemSize = round8(def.valueSize);
    this.cpus = this.perCpu ? env.cpus : 1;
    const sparse = def.type === MAP_TYPE.devmap || def.type === MAP_TYPE.cpumap || def.type === MAP_TYPE.xskmap || def.type === MAP_TYPE.cgroup_array;
    this.present = sparse ? new Uint8Array(def.maxEntries) : undefined;
    this.store = new SlotStore(env.space, `map:${def.name}`, this.elemSize, def.maxEntries * this.cpus, { eager: true });
    if (def.initial) env.space.bytes.set(def.initial.subarray(0, def.valueSize), this.store.host(0));
    if (def.flags & BPF_F_RDONLY_PROG) this.store.setWritable(false);
  }

  override get perCpu(): boolean {
    return this.def.type === MAP_TYPE.percpu_array;
  }

  /** Index from a 4-byte key, or -1. */
  private index(key: Uint8Array): number {
    if (key.length < 4) return -1;
    const i = (key[0]! | (key[1]! << 8) | (key[2]! << 16) | (key[3]! << 24)) >>> 0;
    return i < this.def.maxEntries ? i : -1;
  }

  private slot(i: number, cpu: number): number {
    return cpu * this.def.maxEntries + i;
  }

  /** VM address of element `i` for `cpu` (program-side pointer arithmetic helpers use it). */
  addressOf(i: number, cpu = 0): number {
    return this.store.addr(this.slot(i, cpu));
  }

  override lookupPtr(key: Uint8Array, cpu: number): number {
    const i = this.index(key);
    if (i < 0 || (this.present && !this.present[i])) return 0;
    return this.store.addr(this.slot(i, this.perCpu ? cpu % this.cpus : 0));
  }

  lookup(key: Uint8Array): MapResult {
    const i = this.index(key);
    if (i < 0 || (this.present && !this.present[i])) return -ERRNO.ENOENT;
    const out = new Uint8Array(this.userValueSize);
    for (let c = 0; c < this.cpus; c++) {
      const v = this.store.bytes(this.slot(i, c));
      out.set(v.subarray(0, this.def.valueSize), this.perCpu ? c * this.elemSize : 0);
    }
    return out;
  }

  protected updateElem(key: Uint8Array, value: Uint8Array, flags: number, cpu: number): number {
    if (this.badFlags(flags)) return -ERRNO.EINVAL;
    const i = this.index(key);
    if (i < 0) return -ERRNO.E2BIG;
    if (flags === BPF_NOEXIST && (!this.present || this.present[i])) return -ERRNO.EEXIST;
    if (this.present) this.present[i] = 1;
    if (this.perCpu && cpu < 0) {
      for (let c = 0; c < this.cpus; c++) this.store.bytes(this.slot(i, c)).set(value.subarray(c * this.elemSize, c * this.elemSize + this.def.valueSize));
    } else {
      this.store.bytes(this.slot(i, this.perCpu ? cpu % this.cpus : 0)).set(value.subarray(0, this.def.valueSize));
    }
    return 0;
  }

  delete(key: Uint8Array): number {
    if (!this.present) return -ERRNO.EINVAL;
    const i = this.index(key);
    if (i < 0 || !this.present[i]) return -ERRNO.ENOENT;
    this.present[i] = 0;
    this.store.bytes(this.slot(i, 0)).fill(0);
    return 0;
  }

  getNextKey(key: Uint8Array | null): MapResult {
    const start = key === null ? 0 : (() => {
      const i = this.index(key);
      return i < 0 ? 0 : i + 1;
    })();
    for (let i = start; i < this.def.maxEntries; i++) {
      if (this.present && !this.present[i]) continue;
      return new Uint8Array(new Uint32Array([i]).buffer);
    }
    return -ERRNO.ENOENT;
  }
}
