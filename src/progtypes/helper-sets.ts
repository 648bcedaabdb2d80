/**
 * Which helpers each program type may call, after the kernel's `*_func_proto` functions
 * (bpf_base_func_proto plus the type's own list). Ids come from the shared table.
 */
import { helperId } from '../isa/helpers.js';

const ids = (names: string[]): number[] => names.map((n) => {
  const id = helperId(n);
  if (id === undefined) throw new Error(`unknown helper ${n}`);
  return id;
});

/** bpf_base_func_proto (privileged): available to every program type. */
export const BASE_HELPERS = ids([
  'map_lookup_elem', 'map_update_elem', 'map_delete_elem', 'map_push_elem', 'map_pop_elem', 'map_peek_elem',
  'map_lookup_percpu_elem', 'get_prandom_u32', 'get_smp_processor_id', 'get_numa_node_id', 'tail_call',
  'ktime_get_ns', 'ktime_get_boot_ns', 'ktime_get_coarse_ns', 'ktime_get_tai_ns', 'ringbuf_output', 'ringbuf_reserve',
  'ringbuf_submit', 'ringbuf_discard', 'ringbuf_query', 'for_each_map_elem', 'loop', 'strncmp', 'spin_lock',
  'spin_unlock', 'jiffies64', 'trace_printk', 'probe_read_kernel', 'probe_read_kernel_str', 'probe_read_user',
  'probe_read_user_str', 'get_current_task',
]);

export const SOCKET_FILTER_HELPERS = [...BASE_HELPERS, ...ids([
  'skb_load_bytes', 'skb_load_bytes_relative', 'get_socket_cookie', 'get_socket_uid', 'perf_event_output',
])];

export const TC_HELPERS = [...BASE_HELPERS, ...ids([
  'skb_store_bytes', 'skb_load_bytes', 'skb_load_bytes_relative', 'skb_pull_data', 'csum_diff', 'csum_update',
  'csum_level', 'l3_csum_replace', 'l4_csum_replace', 'clone_redirect', 'get_cgroup_classid', 'skb_vlan_push',
  'skb_vlan_pop', 'skb_change_proto', 'skb_change_type', 'skb_adjust_room', 'skb_change_tail', 'skb_change_head',
  'redirect', 'get_hash_recalc', 'set_hash_invalid', 'set_hash', 'perf_event_output', 'get_socket_cookie',
  'get_socket_uid', 'fib_lookup', 'redirect_map',
])];

export const XDP_HELPERS = [...BASE_HELPERS, ...ids([
  'perf_event_output', 'csum_diff', 'xdp_adjust_head', 'xdp_adjust_meta', 'redirect', 'redirect_map',
  'xdp_adjust_tail', 'fib_lookup', 'xdp_get_buff_len',
])];

export const TRACING_HELPERS = [...BASE_HELPERS, ...ids([
  'probe_read', 'probe_read_str', 'get_current_pid_tgid', 'get_current_uid_gid', 'get_current_comm',
  'get_current_cgroup_id', 'perf_event_output',
])];
