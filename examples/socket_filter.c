// SPDX-License-Identifier: GPL-2.0
/* Socket filter: keeps IPv4 TCP packets to or from port 80 or 443 (whole packet), drops the rest,
 * and counts kept/dropped packets. Under BPF_PROG_TEST_RUN a socket filter's skb->data starts at
 * the network header; offsets below are relative to it. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

static __always_inline void count(__u32 kept)
{
	__u64 *n = bpf_map_lookup_elem(&verdicts, &kept);
	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("socket")
int web_only(struct __sk_buff *skb)
{
	struct iphdr ip;
	__u16 ports[2];

	if (skb->protocol != bpf_htons(ETH_P_IP))
		goto drop;
	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)) < 0 || ip.protocol != IPPROTO_TCP)
		goto drop;
	if (bpf_skb_load_bytes(skb, ip.ihl * 4, ports, sizeof(ports)) < 0)
		goto drop;
	if (ports[0] == bpf_htons(80) || ports[1] == bpf_htons(80) || ports[0] == bpf_htons(443) || ports[1] == bpf_htons(443)) {
		count(1);
		return skb->len;
	}
drop:
	count(0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
