/**
 * Compatibility helpers for programs in the 2014 image format, whose table functions take a
 * table index (an integer constant) instead of a map pointer:
 * `bpf_table_lookup(ctx, table_id, key)` → pointer to the element or NULL,
 * `bpf_table_update(ctx, table_id, key, leaf)` → 0 or a negative errno,
 * `bpf_table_delete(ctx, table_id, key)` → 0 or a negative errno.
 */
import { LEGACY_HELPER } from '../loader/rfc2014.js';
import type { BpfMap } from '../maps/map.js';
import { BPF_ANY } from '../maps/types.js';
import type { HelperContext, HelperTable } from '../vm/helpers.js';
import type { HelperEnv } from './env.js';

export function registerLegacyTableHelpers(table: HelperTable, env: HelperEnv, tables: readonly BpfMap[]): void {
  const tableOf = (ctx: HelperContext, id: bigint): BpfMap => tables[Number(BigInt.asUintN(32, id))]
    ?? ctx.fault('helper-error', `table ${id} does not exist (the image declares ${tables.length})`);
  const key = (ctx: HelperContext, m: BpfMap, addr: bigint): Uint8Array => ctx.bytes(addr, m.def.keySize, false).slice();
  table.register(LEGACY_HELPER.table_lookup, 'bpf_table_lookup', (ctx, _c, id, k) => {
    const m = tableOf(ctx, id);
    return BigInt(m.lookupPtr(key(ctx, m, k), env.cpu));
  });
  table.register(LEGACY_HELPER.table_update, 'bpf_table_update', (ctx, _c, id, k, leaf) => {
    const m = tableOf(ctx, id);
    return BigInt(m.updateFromProgram(key(ctx, m, k), ctx.bytes(leaf, m.def.valueSize, false).slice(), BPF_ANY, env.cpu));
  });
  table.register(LEGACY_HELPER.table_delete, 'bpf_table_delete', (ctx, _c, id, k) => {
    const m = tableOf(ctx, id);
    return BigInt(m.delete(key(ctx, m, k)));
  });
}
