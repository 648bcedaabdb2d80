/**
 * The map interface every map type implements, in two faces:
 *
 * - the program side (helpers): keys and values are VM memory; `lookupPtr` returns a VM pointer
 *   into the map's value storage, so a program can read and write the value in place;
 * - the user side (the bpf() syscall commands): plain byte arrays in and out, per-CPU values as
 *   one `round_up(value_size, 8)` slice per CPU, results and errors as the kernel returns them
 *   (0 or a negative errno).
 *
 * Errors are `-ERRNO` numbers, never exceptions, because that is what both faces return.
 */
import type { AddressSpace } from '../vm/memory.js';
import { BPF_EXIST, BPF_F_LOCK, ERRNO, type MapDef, mapTypeName } from './types.js';

/** What maps share: the address space their values live in and the number of CPUs. */
export interface MapEnv {
  readonly space: AddressSpace;
  readonly cpus: number;
}

/** A user-side result: bytes, or a negative errno. */
export type MapResult = Uint8Array | number;

export const round8 = (n: number): number => (n + 7) & ~7;

/** A key as a JS map key (one char per byte). */
export function keyString(key: Uint8Array): string {
  let s = '';
  for (let i = 0; i < key.length; i++) s += String.fromCharCode(key[i]!);
  return s;
}

export function keyBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

export abstract class BpfMap {
  readonly def: MapDef;
  readonly env: MapEnv;
  /** Registry id: the "file descriptor" user space and `LD_IMM64 src=1` use. */
  readonly id: number;
  /** VM address of the map's descriptor (what a map pointer register holds). */
  readonly handle: number;

  constructor(def: MapDef, env: MapEnv, id: number, handle: number) {
    this.def = def;
    this.env = env;
    this.id = id;
    this.handle = handle;
  }

  get typeName(): string {
    return mapTypeName(this.def.type) ?? `type ${this.def.type}`;
  }

  get perCpu(): boolean {
    return false;
  }

  /** Bytes of one value as user space sees it (all CPUs for per-CPU maps). */
  get userValueSize(): number {
    return this.perCpu ? round8(this.def.valueSize) * this.env.cpus : this.def.valueSize;
  }

  // ---- program side -----------------------------------------------------------------------------

  /** bpf_map_lookup_elem: VM address of the value (this CPU's for per-CPU maps), or 0. */
  lookupPtr(_key: Uint8Array, _cpu: number): number {
    return 0;
  }

  /** bpf_map_update_elem from a program: per-CPU maps update only `cpu`'s value. */
  updateFromProgram(key: Uint8Array, value: Uint8Array, flags: number, cpu: number): number {
    return this.updateElem(key, value, flags, cpu);
  }

  /** bpf_map_push_elem / pop / peek (queue, stack, bloom filter). */
  push(_value: Uint8Array, _flags: number): number {
    return -ERRNO.EINVAL;
  }

  pop(): MapResult {
    return -ERRNO.EINVAL;
  }

  peek(_value?: Uint8Array): MapResult {
    return -ERRNO.EINVAL;
  }

  // ---- user side ---------------------------------------------------------------------------------

  abstract lookup(key: Uint8Array): MapResult;
  /** User-space update: `value` holds all CPUs' values for per-CPU maps. */
  update(key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.updateElem(key, value, flags, -1);
  }

  abstract delete(key: Uint8Array): number;
  /** The key after `key` (the first key when `key` is null or absent), or -ENOENT at the end. */
  abstract getNextKey(key: Uint8Array | null): MapResult;

  /** BPF_MAP_LOOKUP_AND_DELETE_ELEM: only hash maps and queues/stacks implement it. */
  lookupAndDelete(_key: Uint8Array | null): MapResult {
    return -ERRNO.ENOTSUPP;
  }

  /** Every (key, value) pair in iteration order, as user space would dump them. */
  entries(): { key: Uint8Array; value: Uint8Array }[] {
    const out: { key: Uint8Array; value: Uint8Array }[] = [];
    let key: Uint8Array | null = null;
    for (let guard = 0; guard <= this.def.maxEntries + 1; guard++) {
      const next = this.getNextKey(key);
      if (typeof next === 'number') break;
      const value = this.lookup(next);
      if (typeof value !== 'number') out.push({ key: next, value });
      key = next;
    }
    return out;
  }

  /**
   * The update both faces share. `cpu` is -1 for a user-space update (value covers all CPUs),
   * else the program's CPU.
   */
  protected abstract updateElem(key: Uint8Array, value: Uint8Array, flags: number, cpu: number): number;

  /** The kernel's common flag check: only ANY / NOEXIST / EXIST (BPF_F_LOCK needs a spin lock). */
  protected badFlags(flags: number): boolean {
    return (flags & ~BPF_F_LOCK) > BPF_EXIST || (flags & BPF_F_LOCK) !== 0;
  }
}
