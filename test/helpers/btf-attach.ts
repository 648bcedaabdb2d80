/**
 * The corpus manifest spells libbpf's expected_attach_type by name (`enum bpf_attach_type`); for a
 * struct_ops program libbpf reused the field for the member index, so `lirc_mode2` (16) means the
 * struct's 17th member. test/verifier/attach.test.ts compares src/verifier/attach.ts with it.
 */

/** `enum bpf_attach_type` names as the corpus manifest spells them, in order from 0. */
const ATTACH_TYPES = [
  'cgroup_inet_ingress', 'cgroup_inet_egress', 'cgroup_inet_sock_create', 'cgroup_sock_ops', 'sk_skb_stream_parser',
  'sk_skb_stream_verdict', 'cgroup_device', 'sk_msg_verdict', 'cgroup_inet4_bind', 'cgroup_inet6_bind',
  'cgroup_inet4_connect', 'cgroup_inet6_connect', 'cgroup_inet4_post_bind', 'cgroup_inet6_post_bind',
  'cgroup_udp4_sendmsg', 'cgroup_udp6_sendmsg', 'lirc_mode2', 'flow_dissector', 'cgroup_sysctl',
  'cgroup_udp4_recvmsg', 'cgroup_udp6_recvmsg', 'cgroup_getsockopt', 'cgroup_setsockopt', 'trace_raw_tp',
  'trace_fentry', 'trace_fexit', 'modify_return', 'lsm_mac', 'trace_iter',
];

/** The number of a manifest's expected_attach_type (null: 0, as libbpf leaves it); -1 if unknown. */
export function attachTypeNumber(name: string | null): number {
  if (name === null) return 0;
  return ATTACH_TYPES.indexOf(name);
}
