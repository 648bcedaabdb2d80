/**
 * What a corpus program attaches to, as libbpf told the kernel (attach_btf_id and
 * expected_attach_type): `tp_btf/<tracepoint>`, `iter/<iterator>`, or for `struct_ops` programs
 * the kernel struct named by the object's `.struct_ops` section and the member index libbpf
 * passes as expected_attach_type.
 */
import { BTF_KIND, type Btf } from '../../src/loader/btf.js';
import type { BtfAttach } from '../../src/verifier/btf-progtype.js';

/** `enum bpf_attach_type` names as the corpus manifest spells them, in order from 0. */
const ATTACH_TYPES = [
  'cgroup_inet_ingress', 'cgroup_inet_egress', 'cgroup_inet_sock_create', 'cgroup_sock_ops', 'sk_skb_stream_parser',
  'sk_skb_stream_verdict', 'cgroup_device', 'sk_msg_verdict', 'cgroup_inet4_bind', 'cgroup_inet6_bind',
  'cgroup_inet4_connect', 'cgroup_inet6_connect', 'cgroup_inet4_post_bind', 'cgroup_inet6_post_bind',
  'cgroup_udp4_sendmsg', 'cgroup_udp6_sendmsg', 'lirc_mode2', 'flow_dissector', 'cgroup_sysctl',
  'cgroup_udp4_recvmsg', 'cgroup_udp6_recvmsg', 'cgroup_getsockopt', 'cgroup_setsockopt', 'trace_raw_tp',
  'trace_fentry', 'trace_fexit', 'modify_return', 'lsm_mac', 'trace_iter',
];

export function attachTypeNumber(name: string | null): number {
  if (name === null) return 0;
  const n = ATTACH_TYPES.indexOf(name);
  return n < 0 ? -1 : n;
}

export function corpusAttach(btf: Btf | undefined, c: { section: string; prog_type: string; expected_attach_type: string | null }): BtfAttach | undefined {
  const [kind, target] = c.section.split('/', 2);
  if (c.prog_type === 'tracing' && kind === 'tp_btf' && target) return { kind: 'tp_btf', target };
  if (c.prog_type === 'tracing' && kind === 'iter' && target) return { kind: 'iter', target };
  if (c.prog_type !== 'struct_ops' || !btf) return undefined;
  const sec = btf.datasec('.struct_ops') ?? btf.datasec('.struct_ops.link');
  const v = sec?.vars?.[0];
  if (!v) return undefined;
  const st = btf.skipModifiers(btf.get(v.type).sizeOrType);
  if (st.kind !== BTF_KIND.STRUCT) return undefined;
  return { kind: 'struct_ops', target: st.name, member: attachTypeNumber(c.expected_attach_type) };
}
