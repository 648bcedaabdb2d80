/**
 * Maps whose values are references to other objects: `prog_array` (tail-call targets),
 * `array_of_maps` and `hash_of_maps`. User space stores ids ("file descriptors": the program's or
 * map's id in the registry); a program's lookup in a map-of-maps yields the inner map's handle.
 */
import { BpfMap, keyBytes, keyString, type MapEnv, type MapResult } from './map.js';
import { BPF_EXIST, BPF_NOEXIST, ERRNO, MAP_TYPE, type MapDef } from './types.js';

export interface RefResolver {
  /** Handle of map `id`, or undefined if there is none / it does not fit the template. */
  mapHandle(id: number, template: MapDef | undefined): number | undefined;
  hasProgram(id: number): boolean;
}

export class RefMap extends BpfMap {
  private readonly refs = new Map<string, number>();
  private readonly resolver: RefResolver;

  constructor(def: MapDef, env: MapEnv, id: number, handle: number, resolver: RefResolver) {
    super(def, env, id, handle);
    this.resolver = resolver;
  }

  get isArray(): boolean {
    return this.def.type !== MAP_TYPE.hash_of_maps;
  }

  get isProgArray(): boolean {
    return this.def.type === MAP_TYPE.prog_array;
  }

  private arrayIndex(key: Uint8Array): number {
    return new DataView(key.buffer, key.byteOffset, 4).getUint32(0, true);
  }

  /** The referenced id at `key`, if any. */
  ref(key: Uint8Array): number | undefined {
    return this.refs.get(keyString(key.subarray(0, this.def.keySize)));
  }

  /** Program id at index (tail calls). */
  target(index: number): number | undefined {
    return this.refs.get(keyString(new Uint8Array(new Uint32Array([index]).buffer)));
  }

  override lookupPtr(key: Uint8Array, _cpu: number): number {
    if (this.isProgArray) return 0;
    const id = this.ref(key);
    return id === undefined ? 0 : this.resolver.mapHandle(id, undefined) ?? 0;
  }

  lookup(key: Uint8Array): MapResult {
    if (this.isArray && this.arrayIndex(key) >= this.def.maxEntries) return -ERRNO.ENOENT;
    const id = this.ref(key);
    return id === undefined ? -ERRNO.ENOENT : new Uint8Array(new Uint32Array([id]).buffer);
  }

  protected updateElem(key: Uint8Array, value: Uint8Array, flags: number, cpu: number): number {
    if (cpu >= 0) return -ERRNO.EINVAL; // programs cannot store references
    if (this.badFlags(flags)) return -ERRNO.EINVAL;
    if (this.isArray && flags !== 0) return -ERRNO.EINVAL; // fd arrays take BPF_ANY only
    if (this.isArray && this.arrayIndex(key) >= this.def.maxEntries) return -ERRNO.E2BIG;
    const k = keyString(key.subarray(0, this.def.keySize));
    const exists = this.refs.has(k);
    if (!this.isArray && exists && flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    if (!this.isArray && !exists && flags === BPF_EXIST) return -ERRNO.ENOENT;
    if (!this.isArray && !exists && this.refs.size >= this.def.maxEntries) return -ERRNO.E2BIG;
    const id = new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true);
    if (this.isProgArray ? !this.resolver.hasProgram(id) : this.resolver.mapHandle(id, this.def.inner) === undefined) return -ERRNO.EBADF;
    this.refs.set(k, id);
    return 0;
  }

  delete(key: Uint8Array): number {
    if (this.isArray && this.arrayIndex(key) >= this.def.maxEntries) return -ERRNO.E2BIG;
    return this.refs.delete(keyString(key.subarray(0, this.def.keySize))) ? 0 : -ERRNO.ENOENT;
  }

  getNextKey(key: Uint8Array | null): MapResult {
    if (this.isArray) {
      const i = key === null ? 0 : this.arrayIndex(key) + 1;
      return i < this.def.maxEntries ? new Uint8Array(new Uint32Array([i]).buffer) : -ERRNO.ENOENT;
    }
    const keys = [...this.refs.keys()];
    const at = key === null ? 0 : keys.indexOf(keyString(key.subarray(0, this.def.keySize))) + 1;
    const k = keys[at];
    return k === undefined ? -ERRNO.ENOENT : keyBytes(k);
  }
}
