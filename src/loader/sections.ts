/**
 * Program type from an ELF section name, as libbpf's `section_defs` table decides it. Names that
 * libbpf does not know (iproute2's `1/0`, Cilium's `from-netdev`, old `samples/bpf` names) get a
 * guess marked `from: 'guess'`; callers that know better pass `--type`.
 */

export type ProgTypeName =
  | 'socket_filter' | 'kprobe' | 'sched_cls' | 'sched_act' | 'tracepoint' | 'xdp' | 'perf_event'
  | 'cgroup_skb' | 'cgroup_sock' | 'lwt_in' | 'lwt_out' | 'lwt_xmit' | 'sock_ops' | 'sk_skb'
  | 'cgroup_device' | 'sk_msg' | 'raw_tracepoint' | 'cgroup_sock_addr' | 'lwt_seg6local' | 'lirc_mode2'
  | 'sk_reuseport' | 'flow_dissector' | 'cgroup_sysctl' | 'raw_tracepoint_writable' | 'cgroup_sockopt'
  | 'tracing' | 'struct_ops' | 'ext' | 'lsm' | 'sk_lookup' | 'syscall' | 'netfilter';

/** Kernel `enum bpf_prog_type` values. */
export const PROG_TYPE_ID: Record<ProgTypeName, number> = {
  socket_filter: 1, kprobe: 2, sched_cls: 3, sched_act: 4, tracepoint: 5, xdp: 6, perf_event: 7,
  cgroup_skb: 8, cgroup_sock: 9, lwt_in: 10, lwt_out: 11, lwt_xmit: 12, sock_ops: 13, sk_skb: 14,
  cgroup_device: 15, sk_msg: 16, raw_tracepoint: 17, cgroup_sock_addr: 18, lwt_seg6local: 19, lirc_mode2: 20,
  sk_reuseport: 21, flow_dissector: 22, cgroup_sysctl: 23, raw_tracepoint_writable: 24, cgroup_sockopt: 25,
  tracing: 26, struct_ops: 27, ext: 28, lsm: 29, sk_lookup: 30, syscall: 31, netfilter: 32,
};

/** [prefix, type]; a prefix ending in `/` or `+` must be followed by more text (libbpf's `SEC_SLOPPY`). */
const LIBBPF_SECTIONS: readonly (readonly [string, ProgTypeName])[] = [
  ['socket', 'socket_filter'], ['sk_reuseport', 'sk_reuseport'],
  ['kprobe/', 'kprobe'], ['uprobe', 'kprobe'], ['kretprobe/', 'kprobe'], ['uretprobe', 'kprobe'],
  ['kprobe.multi/', 'kprobe'], ['kretprobe.multi/', 'kprobe'], ['ksyscall/', 'kprobe'], ['kretsyscall/', 'kprobe'],
  ['usdt/', 'kprobe'], ['usdt', 'kprobe'],
  ['tc/ingress', 'sched_cls'], ['tc/egress', 'sched_cls'], ['tcx/', 'sched_cls'], ['tc', 'sched_cls'],
  ['classifier', 'sched_cls'], ['action', 'sched_act'], ['netkit/', 'sched_cls'],
  ['tracepoint/', 'tracepoint'], ['tp/', 'tracepoint'],
  ['raw_tracepoint/', 'raw_tracepoint'], ['raw_tp/', 'raw_tracepoint'],
  ['raw_tracepoint.w/', 'raw_tracepoint_writable'], ['raw_tp.w/', 'raw_tracepoint_writable'],
  ['tp_btf/', 'tracing'], ['fentry/', 'tracing'], ['fmod_ret/', 'tracing'], ['fexit/', 'tracing'],
  ['fentry.s/', 'tracing'], ['fmod_ret.s/', 'tracing'], ['fexit.s/', 'tracing'], ['iter/', 'tracing'], ['iter.s/', 'tracing'],
  ['freplace/', 'ext'], ['lsm/', 'lsm'], ['lsm.s/', 'lsm'], ['lsm_cgroup/', 'lsm'],
  ['xdp.frags/devmap', 'xdp'], ['xdp/devmap', 'xdp'], ['xdp.frags/cpumap', 'xdp'], ['xdp/cpumap', 'xdp'],
  ['xdp.frags', 'xdp'], ['xdp', 'xdp'],
  ['perf_event', 'perf_event'], ['lwt_in', 'lwt_in'], ['lwt_out', 'lwt_out'], ['lwt_xmit', 'lwt_xmit'],
  ['lwt_seg6local', 'lwt_seg6local'], ['sockops', 'sock_ops'], ['sk_skb/stream_parser', 'sk_skb'],
  ['sk_skb/stream_verdict', 'sk_skb'], ['sk_skb', 'sk_skb'], ['sk_msg', 'sk_msg'], ['lirc_mode2', 'lirc_mode2'],
  ['flow_dissector', 'flow_dissector'],
  ['cgroup_skb/ingress', 'cgroup_skb'], ['cgroup_skb/egress', 'cgroup_skb'], ['cgroup/skb', 'cgroup_skb'],
  ['cgroup/sock_create', 'cgroup_sock'], ['cgroup/sock_release', 'cgroup_sock'], ['cgroup/sock', 'cgroup_sock'],
  ['cgroup/post_bind4', 'cgroup_sock'], ['cgroup/post_bind6', 'cgroup_sock'], ['cgroup/dev', 'cgroup_device'],
  ['cgroup/sysctl', 'cgroup_sysctl'], ['cgroup/getsockopt', 'cgroup_sockopt'], ['cgroup/setsockopt', 'cgroup_sockopt'],
  ...['bind4', 'bind6', 'connect4', 'connect6', 'connect_unix', 'sendmsg4', 'sendmsg6', 'sendmsg_unix',
    'recvmsg4', 'recvmsg6', 'recvmsg_unix', 'getpeername4', 'getpeername6', 'getpeername_unix',
    'getsockname4', 'getsockname6', 'getsockname_unix'].map((n) => [`cgroup/${n}`, 'cgroup_sock_addr'] as const),
  ['struct_ops+', 'struct_ops'], ['struct_ops.s+', 'struct_ops'], ['struct_ops', 'struct_ops'],
  ['sk_lookup', 'sk_lookup'], ['syscall', 'syscall'], ['netfilter', 'netfilter'],
];

export interface SectionType {
  type: ProgTypeName;
  /** `libbpf` when libbpf derives the type from this name; `guess` otherwise. */
  from: 'libbpf' | 'guess';
}

/** libbpf's rule: an exact name, or the name followed by `/` and more. */
function matches(section: string, prefix: string): boolean {
  if (prefix.endsWith('/') || prefix.endsWith('+')) return section.startsWith(prefix.replace(/\+$/, '/')) || section === prefix.slice(0, -1);
  return section === prefix || section.startsWith(`${prefix}/`);
}

export function progTypeOfSection(section: string): SectionType {
  for (const [prefix, type] of LIBBPF_SECTIONS) if (matches(section, prefix)) return { type, from: 'libbpf' };
  return { type: guessType(section), from: 'guess' };
}

/** Names libbpf does not know, by the conventions of the projects that use them. */
function guessType(section: string): ProgTypeName {
  if (/^xdp|^af_xdp/.test(section)) return 'xdp';
  if (/^socket|^filter$|^loadbalancer$/.test(section)) return 'socket_filter';
  if (/^kprobe|^kretprobe/.test(section)) return 'kprobe';
  if (/^tracepoint|^tp\//.test(section)) return 'tracepoint';
  if (/^raw_tracepoint|^raw_tp/.test(section)) return 'raw_tracepoint';
  if (/^perf_event/.test(section)) return 'perf_event';
  if (/^sockops/.test(section)) return 'sock_ops';
  if (/^cgroup\/sock/.test(section)) return 'cgroup_sock';
  if (/^sk_skb/.test(section)) return 'sk_skb';
  if (/^sk_lookup/.test(section)) return 'sk_lookup';
  if (/^len_hist$/.test(section)) return 'lwt_out';
  // iproute2 tail-call slots (`2/7`), Cilium entry points (`from-netdev`, `tail-5`) and tc samples.
  if (/^\d+\/(0x[0-9a-f]+|\d+)$|^from-|^to-|^tail-|^tc|^classifier|ingress|egress|redirect|^downcall$|^drop_/.test(section)) return 'sched_cls';
  return 'socket_filter';
}

