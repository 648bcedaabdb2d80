/**
 * `bpf_spin_lock` in map values. The kernel learns where a map value's lock lies from the map's
 * BTF (`btf_parse_fields` → `record->spin_lock_off`) when the map is created; the verifier then
 * checks that `bpf_spin_lock`/`bpf_spin_unlock` get exactly that address (`process_spin_lock`)
 * and that no load or store touches the lock word (`check_map_access`).
 */
import { BTF_KIND, type Btf } from '../loader/btf.js';
import type { MapInfo } from './program.js';

/** `sizeof(struct bpf_spin_lock)`. */
export const SPIN_LOCK_SIZE = 4;

function isSpinLock(btf: Btf, typeId: number): boolean {
  const t = btf.skipModifiers(typeId);
  return t.kind === BTF_KIND.STRUCT && t.name === 'bpf_spin_lock';
}

/**
 * Byte offset of the `struct bpf_spin_lock` in a map value of BTF type `valueType`: a top-level
 * member of a struct, or a variable of a data section (global data such as
 * `struct bpf_spin_lock lock SEC(".data.A")`). Undefined when there is none.
 */
export function spinLockOffset(btf: Btf, valueType: number): number | undefined {
  const t = btf.skipModifiers(valueType);
  if (isSpinLock(btf, valueType)) return 0;
  if (t.kind === BTF_KIND.STRUCT) {
    for (const m of t.members) if (isSpinLock(btf, m.type)) return m.bitOffset / 8;
  } else if (t.kind === BTF_KIND.DATASEC) {
    for (const v of t.vars ?? []) {
      const variable = btf.get(v.type);
      if (variable.kind === BTF_KIND.VAR && isSpinLock(btf, variable.sizeOrType)) return v.offset;
    }
  }
  return undefined;
}

/**
 * The maps as libbpf creates them from an object with BTF: each map with a BTF value type is
 * created with that BTF (`map->btf`), and its lock offset comes from it.
 */
export function withMapBtf<M extends MapInfo & { btfValue?: number }>(maps: readonly M[], btf: Btf | undefined): M[] {
  if (!btf) return maps.slice();
  return maps.map((m) => {
    if (m.btfValue === undefined) return m;
    let lock: number | undefined;
    try {
      lock = spinLockOffset(btf, m.btfValue);
    } catch {
      lock = undefined; // a malformed type chain: no lock, as a map the kernel could not parse fields of
    }
    return lock === undefined ? { ...m, hasBtf: true } : { ...m, hasBtf: true, spinLockOffset: lock };
  });
}
