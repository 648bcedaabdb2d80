// SPDX-License-Identifier: GPL-2.0
/* bpf_printk from XDP: one trace line per ICMP packet (source address with %pI4, length) and per
 * DNS query (source as hex, port, TTL, a negative number). Every packet passes. */
#include "common.h"

SEC("xdp")
int xdp_log(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return XDP_PASS;
	if (ip->protocol == IPPROTO_ICMP) {
		bpf_printk("icmp from %pI4 len %u", &ip->saddr, (__u32)(data_end - data));
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = (void *)(ip + 1);
		if ((void *)(udp + 1) > data_end || udp->dest != bpf_htons(53))
			return XDP_PASS;
		bpf_printk("dns %x:%d ttl=%d", bpf_ntohl(ip->saddr), bpf_ntohs(udp->source), (int)ip->ttl - 100);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
