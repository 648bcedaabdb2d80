/**
 * Kernel helper prototypes as data, transcribed from each helper's `struct bpf_func_proto` in
 * Linux 6.18 (kernel/bpf/helpers.c, net/core/filter.c, kernel/trace/bpf_trace.c, …). The verifier
 * checks calls against these; the VM implements the semantics in the sibling modules. Ids and
 * names come from the shared table in src/isa/helpers.ts.
 */
import { helperId } from '../isa/helpers.js';

/** `enum bpf_arg_type` values the kernel uses in these prototypes (flags folded into the name). */
export type ArgType =
  | 'ANYTHING' | 'DONTCARE'
  | 'CONST_MAP_PTR' | 'PTR_TO_MAP_KEY' | 'PTR_TO_MAP_VALUE' | 'PTR_TO_MAP_VALUE_OR_NULL'
  | 'PTR_TO_UNINIT_MAP_VALUE'
  | 'PTR_TO_MEM' | 'PTR_TO_MEM_OR_NULL' | 'PTR_TO_UNINIT_MEM' | 'PTR_TO_MEM_RDONLY'
  | 'CONST_SIZE' | 'CONST_SIZE_OR_ZERO' | 'CONST_ALLOC_SIZE_OR_ZERO'
  | 'PTR_TO_CTX' | 'PTR_TO_CTX_OR_NULL' | 'PTR_TO_STACK' | 'PTR_TO_LONG' | 'PTR_TO_INT'
  | 'PTR_TO_CONST_STR' | 'PTR_TO_FUNC' | 'PTR_TO_SPIN_LOCK' | 'PTR_TO_ALLOC_MEM' | 'PTR_TO_BTF_ID'
  | 'PTR_TO_STACK_OR_NULL';

export type RetType =
  | 'INTEGER' | 'VOID' | 'PTR_TO_MAP_VALUE_OR_NULL' | 'PTR_TO_ALLOC_MEM_OR_NULL' | 'PTR_TO_MEM_OR_BTF_ID'
  | 'PTR_TO_BTF_ID_OR_NULL' | 'PTR_TO_SOCKET_OR_NULL';

export interface HelperProto {
  id: number;
  /** With the `bpf_` prefix, as the kernel prints it. */
  name: string;
  args: readonly ArgType[];
  ret: RetType;
  gplOnly: boolean;
  /** May be passed a packet pointer for memory arguments (`pkt_access`). */
  pktAccess?: boolean;
  /** Map types accepted as the CONST_MAP_PTR argument (`check_map_func_compatibility`), if restricted. */
  mapTypes?: readonly string[];
}

type Spec = [name: string, args: ArgType[], ret: RetType, gplOnly?: boolean, pktAccess?: boolean, mapTypes?: string[]];

const SPECS: Spec[] = [
  ['map_lookup_elem', ['CONST_MAP_PTR', 'PTR_TO_MAP_KEY'], 'PTR_TO_MAP_VALUE_OR_NULL', false, true],
  ['map_update_elem', ['CONST_MAP_PTR', 'PTR_TO_MAP_KEY', 'PTR_TO_MAP_VALUE', 'ANYTHING'], 'INTEGER', false, true],
  ['map_delete_elem', ['CONST_MAP_PTR', 'PTR_TO_MAP_KEY'], 'INTEGER', false, true],
  ['map_push_elem', ['CONST_MAP_PTR', 'PTR_TO_MAP_VALUE', 'ANYTHING'], 'INTEGER', false, true, ['queue', 'stack', 'bloom_filter']],
  ['map_pop_elem', ['CONST_MAP_PTR', 'PTR_TO_UNINIT_MAP_VALUE'], 'INTEGER', false, false, ['queue', 'stack']],
  ['map_peek_elem', ['CONST_MAP_PTR', 'PTR_TO_UNINIT_MAP_VALUE'], 'INTEGER', false, false, ['queue', 'stack', 'bloom_filter']],
  ['map_lookup_percpu_elem', ['CONST_MAP_PTR', 'PTR_TO_MAP_KEY', 'ANYTHING'], 'PTR_TO_MAP_VALUE_OR_NULL', false, true, ['percpu_array', 'percpu_hash', 'lru_percpu_hash']],
  ['ktime_get_ns', [], 'INTEGER'],
  ['ktime_get_boot_ns', [], 'INTEGER'],
  ['ktime_get_coarse_ns', [], 'INTEGER'],
  ['ktime_get_tai_ns', [], 'INTEGER'],
  ['jiffies64', [], 'INTEGER'],
  ['get_prandom_u32', [], 'INTEGER'],
  ['get_smp_processor_id', [], 'INTEGER'],
  ['get_numa_node_id', [], 'INTEGER'],
  ['trace_printk', ['PTR_TO_MEM_RDONLY', 'CONST_SIZE', 'ANYTHING', 'ANYTHING', 'ANYTHING'], 'INTEGER', true],
  ['tail_call', ['PTR_TO_CTX', 'CONST_MAP_PTR', 'ANYTHING'], 'VOID', false, false, ['prog_array']],
  ['redirect', ['ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['redirect_map', ['CONST_MAP_PTR', 'ANYTHING', 'ANYTHING'], 'INTEGER', false, false, ['devmap', 'devmap_hash', 'cpumap', 'xskmap']],
  ['xdp_adjust_head', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['xdp_adjust_tail', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['xdp_adjust_meta', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['xdp_get_buff_len', ['PTR_TO_CTX'], 'INTEGER'],
  ['skb_load_bytes', ['PTR_TO_CTX', 'ANYTHING', 'PTR_TO_UNINIT_MEM', 'CONST_SIZE'], 'INTEGER'],
  ['skb_load_bytes_relative', ['PTR_TO_CTX', 'ANYTHING', 'PTR_TO_UNINIT_MEM', 'CONST_SIZE', 'ANYTHING'], 'INTEGER'],
  ['skb_store_bytes', ['PTR_TO_CTX', 'ANYTHING', 'PTR_TO_MEM_RDONLY', 'CONST_SIZE', 'ANYTHING'], 'INTEGER'],
  ['l3_csum_replace', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['l4_csum_replace', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['csum_diff', ['PTR_TO_MEM_OR_NULL', 'CONST_SIZE_OR_ZERO', 'PTR_TO_MEM_OR_NULL', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', false, true],
  ['csum_update', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['csum_level', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['get_hash_recalc', ['PTR_TO_CTX'], 'INTEGER'],
  ['set_hash', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['set_hash_invalid', ['PTR_TO_CTX'], 'VOID'],
  ['get_cgroup_classid', ['PTR_TO_CTX'], 'INTEGER'],
  ['skb_vlan_push', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['skb_vlan_pop', ['PTR_TO_CTX'], 'INTEGER'],
  ['skb_change_proto', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['skb_change_type', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['skb_change_tail', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['skb_change_head', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['skb_pull_data', ['PTR_TO_CTX', 'ANYTHING'], 'INTEGER'],
  ['skb_adjust_room', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['clone_redirect', ['PTR_TO_CTX', 'ANYTHING', 'ANYTHING'], 'INTEGER'],
  ['perf_event_output', ['PTR_TO_CTX', 'CONST_MAP_PTR', 'ANYTHING', 'PTR_TO_MEM_RDONLY', 'CONST_SIZE_OR_ZERO'], 'INTEGER', true, false, ['perf_event_array']],
  ['ringbuf_output', ['CONST_MAP_PTR', 'PTR_TO_MEM_RDONLY', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', false, false, ['ringbuf']],
  ['ringbuf_reserve', ['CONST_MAP_PTR', 'CONST_ALLOC_SIZE_OR_ZERO', 'ANYTHING'], 'PTR_TO_ALLOC_MEM_OR_NULL', false, false, ['ringbuf']],
  ['ringbuf_submit', ['PTR_TO_ALLOC_MEM', 'ANYTHING'], 'VOID'],
  ['ringbuf_discard', ['PTR_TO_ALLOC_MEM', 'ANYTHING'], 'VOID'],
  ['ringbuf_query', ['CONST_MAP_PTR', 'ANYTHING'], 'INTEGER', false, false, ['ringbuf']],
  ['get_current_pid_tgid', [], 'INTEGER'],
  ['get_current_uid_gid', [], 'INTEGER'],
  ['get_current_comm', ['PTR_TO_UNINIT_MEM', 'CONST_SIZE'], 'INTEGER'],
  ['get_current_task', [], 'INTEGER', true],
  ['get_current_cgroup_id', [], 'INTEGER'],
  ['probe_read', ['PTR_TO_UNINIT_MEM', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', true],
  ['probe_read_str', ['PTR_TO_UNINIT_MEM', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', true],
  ['probe_read_user', ['PTR_TO_UNINIT_MEM', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', true],
  ['probe_read_kernel', ['PTR_TO_UNINIT_MEM', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', true],
  ['probe_read_user_str', ['PTR_TO_UNINIT_MEM', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', true],
  ['probe_read_kernel_str', ['PTR_TO_UNINIT_MEM', 'CONST_SIZE_OR_ZERO', 'ANYTHING'], 'INTEGER', true],
  ['spin_lock', ['PTR_TO_SPIN_LOCK'], 'VOID'],
  ['spin_unlock', ['PTR_TO_SPIN_LOCK'], 'VOID'],
  ['for_each_map_elem', ['CONST_MAP_PTR', 'PTR_TO_FUNC', 'PTR_TO_STACK_OR_NULL', 'ANYTHING'], 'INTEGER'],
  ['loop', ['ANYTHING', 'PTR_TO_FUNC', 'PTR_TO_STACK_OR_NULL', 'ANYTHING'], 'INTEGER'],
  ['strncmp', ['PTR_TO_MEM', 'CONST_SIZE', 'PTR_TO_CONST_STR'], 'INTEGER'],
  ['get_socket_cookie', ['PTR_TO_CTX'], 'INTEGER'],
  ['get_socket_uid', ['PTR_TO_CTX'], 'INTEGER'],
  ['fib_lookup', ['PTR_TO_CTX', 'PTR_TO_MEM', 'CONST_SIZE', 'ANYTHING'], 'INTEGER'],
  ['get_stackid', ['PTR_TO_CTX', 'CONST_MAP_PTR', 'ANYTHING'], 'INTEGER', false, false, ['stack_trace']],
  ['skb_get_tunnel_key', ['PTR_TO_CTX', 'PTR_TO_UNINIT_MEM', 'CONST_SIZE', 'ANYTHING'], 'INTEGER'],
  ['skb_set_tunnel_key', ['PTR_TO_CTX', 'PTR_TO_MEM_RDONLY', 'CONST_SIZE', 'ANYTHING'], 'INTEGER'],
  ['get_netns_cookie', ['PTR_TO_CTX_OR_NULL'], 'INTEGER'],
];

export const HELPER_PROTOS: ReadonlyMap<number, HelperProto> = new Map(SPECS.map(([name, args, ret, gplOnly, pktAccess, mapTypes]) => {
  const id = helperId(name);
  if (id === undefined) throw new Error(`helper table: unknown helper ${name}`);
  const proto: HelperProto = { id, name: `bpf_${name}`, args, ret, gplOnly: gplOnly ?? false };
  if (pktAccess) proto.pktAccess = true;
  if (mapTypes) proto.mapTypes = mapTypes;
  return [id, proto];
}));

export function helperProto(id: number): HelperProto | undefined {
  return HELPER_PROTOS.get(id);
}
