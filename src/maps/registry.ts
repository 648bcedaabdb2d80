/**
 * The map registry: creates maps in one address space (the bpf(BPF_MAP_CREATE) of tsbpf),
 * validates their attributes as the kernel does, gives each an id (its "file descriptor") and a
 * handle — the VM address of a small read-only descriptor that map-pointer registers hold — and
 * finds maps again by id or handle.
 */
import { AddressSpace, type Region } from '../vm/memory.js';
import { ArrayMap } from './array.js';
import { PerfEventArrayMap, RingBufMap } from './events.js';
import { RefMap, type RefResolver } from './fdarray.js';
import { HashMap } from './hash.js';
import { LpmTrieMap } from './lpm.js';
import { BpfMap, type MapEnv, type MapResult } from './map.js';
import { BloomFilterMap, QueueStackMap } from './queue.js';
import { BPF_F_NO_PREALLOC, ERRNO, errnoName, MAP_TYPE, type MapDef, mapTypeName } from './types.js';

/** Bytes of each map descriptor in the handle region. */
export const HANDLE_SIZE = 64;
const MAX_MAPS = 4096;
const PAGE = 4096;

/** A map type tsbpf declares but does not model: every operation fails with EOPNOTSUPP. */
export class UnsupportedMap extends BpfMap {
  lookup(): MapResult { return -ERRNO.EOPNOTSUPP; }
  protected updateElem(): number { return -ERRNO.EOPNOTSUPP; }
  delete(): number { return -ERRNO.EOPNOTSUPP; }
  getNextKey(): MapResult { return -ERRNO.EOPNOTSUPP; }
  override entries(): { key: Uint8Array; value: Uint8Array }[] { return []; }
}

/** The kernel's attribute checks at BPF_MAP_CREATE: 0 or a negative errno. */
export function checkMapDef(def: MapDef): number {
  const { type, keySize: k, valueSize: v, maxEntries: n, flags } = def;
  const T = MAP_TYPE;
  const bad = -ERRNO.EINVAL;
  switch (type) {
    case T.array: case T.percpu_array:
      return k !== 4 || v === 0 || n === 0 ? bad : 0;
    case T.hash: case T.percpu_hash: case T.lru_hash: case T.lru_percpu_hash: case T.devmap_hash:
      if (k === 0 || v === 0 || n === 0) return bad;
      if ((type === T.lru_hash || type === T.lru_percpu_hash) && flags & BPF_F_NO_PREALLOC) return -ERRNO.ENOTSUPP;
      return 0;
    case T.lpm_trie:
      if (k < 5 || k > 4 + 256 || v === 0 || n === 0) return bad;
      return flags & BPF_F_NO_PREALLOC ? 0 : bad;
    case T.prog_array: case T.array_of_maps: case T.perf_event_array: case T.cgroup_array:
      return k !== 4 || v !== 4 || n === 0 ? bad : 0;
    case T.hash_of_maps:
      return k === 0 || v !== 4 || n === 0 ? bad : 0;
    case T.devmap: case T.cpumap: case T.xskmap:
      return k !== 4 || (v !== 4 && v !== 8) || n === 0 ? bad : 0;
    case T.queue: case T.stack:
      return k !== 0 || v === 0 || n === 0 ? bad : 0;
    case T.bloom_filter:
      return k !== 0 || v === 0 || n === 0 ? bad : 0;
    case T.ringbuf:
      return k !== 0 || v !== 0 || n === 0 || (n & (n - 1)) !== 0 || n % PAGE !== 0 ? bad : 0;
    default:
      return mapTypeName(type) ? 0 : bad;
  }
}

export interface RegistryOptions {
  /** Number of CPUs for per-CPU maps (default 1). */
  cpus?: number;
  space?: AddressSpace;
}

export class MapRegistry implements RefResolver {
  readonly space: AddressSpace;
  readonly cpus: number;
  readonly maps: BpfMap[] = [];
  /** Program names by id, for prog_array values. */
  readonly programs: string[] = [];
  private handles: Region | undefined;

  constructor(options: RegistryOptions = {}) {
    this.space = options.space ?? new AddressSpace();
    this.cpus = Math.max(1, options.cpus ?? 1);
  }

  private get env(): MapEnv {
    return { space: this.space, cpus: this.cpus };
  }

  /** Creates a map like BPF_MAP_CREATE: the map, or a negative errno. */
  tryCreate(def: MapDef): BpfMap | number {
    const check = checkMapDef(def);
    if (check < 0) return check;
    if (this.maps.length >= MAX_MAPS) return -ERRNO.ENOSPC;
    this.handles ??= this.space.map('map-handles', 0, { capacity: MAX_MAPS * HANDLE_SIZE, writable: false });
    const id = this.maps.length;
    const handle = this.handles.vmAddr + id * HANDLE_SIZE;
    this.space.setLength(this.handles, (id + 1) * HANDLE_SIZE);
    const view = this.space.view;
    const h = this.handles.hostOffset + id * HANDLE_SIZE;
    [def.type, def.keySize, def.valueSize, def.maxEntries, def.flags, id].forEach((v, i) => view.setUint32(h + 4 * i, v >>> 0, true));
    const map = this.construct(def, id, handle);
    this.maps.push(map);
    return map;
  }

  /** Like `tryCreate`, but throws a `RangeError` naming the map and the errno. */
  create(def: MapDef): BpfMap {
    const m = this.tryCreate(def);
    if (typeof m === 'number') {
      throw new RangeError(`map '${def.name}' (${mapTypeName(def.type) ?? `type ${def.type}`}, key ${def.keySize}, value ${def.valueSize}, max_entries ${def.maxEntries}, flags 0x${def.flags.toString(16)}): ${errnoName(m)}`);
    }
    return m;
  }

  private construct(def: MapDef, id: number, handle: number): BpfMap {
    const T = MAP_TYPE;
    const env = this.env;
    switch (def.type) {
      case T.array: case T.percpu_array: case T.devmap: case T.cpumap: case T.xskmap: case T.cgroup_array:
        return new ArrayMap(def, env, id, handle);
      case T.hash: case T.percpu_hash: case T.lru_hash: case T.lru_percpu_hash: case T.devmap_hash:
        return new HashMap(def, env, id, handle);
      case T.lpm_trie: return new LpmTrieMap(def, env, id, handle);
      case T.prog_array: case T.array_of_maps: case T.hash_of_maps: return new RefMap(def, env, id, handle, this);
      case T.queue: case T.stack: return new QueueStackMap(def, env, id, handle);
      case T.bloom_filter: return new BloomFilterMap(def, env, id, handle);
      case T.ringbuf: return new RingBufMap(def, env, id, handle);
      case T.perf_event_array: return new PerfEventArrayMap(def, env, id, handle);
      default: return new UnsupportedMap(def, env, id, handle);
    }
  }

  byId(id: number): BpfMap | undefined {
    return this.maps[id];
  }

  /** The map whose handle is `addr`, if any. */
  byHandle(addr: bigint | number): BpfMap | undefined {
    if (!this.handles) return undefined;
    const off = Number(BigInt.asUintN(64, BigInt(addr))) - this.handles.vmAddr;
    if (off < 0 || off % HANDLE_SIZE !== 0) return undefined;
    return this.maps[off / HANDLE_SIZE];
  }

  mapHandle(id: number, template: MapDef | undefined): number | undefined {
    const m = this.maps[id];
    if (!m) return undefined;
    if (template && (m.def.type !== template.type || m.def.keySize !== template.keySize || m.def.valueSize !== template.valueSize)) return undefined;
    return m.handle;
  }

  registerProgram(name: string): number {
    this.programs.push(name);
    return this.programs.length - 1;
  }

  hasProgram(id: number): boolean {
    return id < this.programs.length;
  }
}
