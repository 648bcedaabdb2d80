/**
 * Map types and definitions as data: kernel `enum bpf_map_type` ids, update flags and errnos.
 * The loader produces `MapDef`s; `src/maps/` turns them into maps whose values live in VM memory.
 */

export const MAP_TYPE = {
  unspec: 0, hash: 1, array: 2, prog_array: 3, perf_event_array: 4, percpu_hash: 5, percpu_array: 6,
  stack_trace: 7, cgroup_array: 8, lru_hash: 9, lru_percpu_hash: 10, lpm_trie: 11, array_of_maps: 12,
  hash_of_maps: 13, devmap: 14, sockmap: 15, cpumap: 16, xskmap: 17, sockhash: 18, cgroup_storage: 19,
  reuseport_sockarray: 20, percpu_cgroup_storage: 21, queue: 22, stack: 23, sk_storage: 24,
  devmap_hash: 25, struct_ops: 26, ringbuf: 27, inode_storage: 28, task_storage: 29, bloom_filter: 30,
  user_ringbuf: 31, cgrp_storage: 32, arena: 33,
} as const;

export type MapTypeName = keyof typeof MAP_TYPE;

export function mapTypeName(id: number): MapTypeName | undefined {
  return (Object.keys(MAP_TYPE) as MapTypeName[]).find((k) => MAP_TYPE[k] === id);
}

/** `flags` of map_update_elem. */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;
export const BPF_F_LOCK = 4;

/** map_flags. */
export const BPF_F_NO_PREALLOC = 1 << 0;
export const BPF_F_RDONLY_PROG = 1 << 7;
export const BPF_F_WRONLY_PROG = 1 << 8;
export const BPF_F_MMAPABLE = 1 << 10;

/** Linux errno values the map API returns (negated, as the kernel's helpers do). */
export const ERRNO = {
  EPERM: 1, ENOENT: 2, E2BIG: 7, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17,
  EINVAL: 22, ENOSPC: 28, ERANGE: 34, ENOTSUPP: 524, EOPNOTSUPP: 95,
} as const;
export type ErrnoName = keyof typeof ERRNO;

export function errnoName(code: number): string {
  const n = Math.abs(code);
  return (Object.keys(ERRNO) as ErrnoName[]).find((k) => ERRNO[k] === n) ?? `errno ${n}`;
}

/** A map as an object file declares it. */
export interface MapDef {
  name: string;
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  /** Template of the inner map (array_of_maps / hash_of_maps). */
  inner?: MapDef;
  /** iproute2 `bpf_elf_map.id` / `inner_id`, or legacy `inner_map_idx`. */
  innerIndex?: number;
  /** Pinning as declared (ignored by tsbpf). */
  pinning?: number;
  /** Initial contents for global-data maps (`.data`, `.rodata`, …): one value. */
  initial?: Uint8Array;
  /** Initial slots of prog_array / map-in-map from `.values = { … }` (by symbol name). */
  initSlots?: { index: number; target: string }[];
  /** Where it was declared: section name and byte offset. */
  section: string;
  offset: number;
  /** BTF type ids of key and value (`__type(key, …)`; a global-data map's value is its DATASEC). */
  btfKey?: number;
  btfValue?: number;
}
