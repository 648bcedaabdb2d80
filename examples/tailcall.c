// SPDX-License-Identifier: GPL-2.0
/* Tail-call dispatcher: the entry program jumps to a per-protocol handler through a program
 * array initialised in the object itself (libbpf fills it at load time). TCP passes, UDP to port
 * 9 (discard) is dropped, ICMP is counted and passed; anything without a handler passes. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} handled SEC(".maps");

static __always_inline void count(__u32 proto)
{
	__u64 *n = bpf_map_lookup_elem(&handled, &proto);
	if (n)
		__sync_fetch_and_add(n, 1);
}

static __always_inline struct iphdr *ipv4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	return ip;
}

SEC("xdp")
int handle_tcp(struct xdp_md *ctx)
{
	count(IPPROTO_TCP);
	return XDP_PASS;
}

SEC("xdp")
int handle_udp(struct xdp_md *ctx)
{
	struct iphdr *ip = ipv4(ctx);
	void *data_end = (void *)(long)ctx->data_end;
	count(IPPROTO_UDP);
	if (!ip || ip->ihl != 5)
		return XDP_PASS;
	struct udphdr *udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > data_end)
		return XDP_PASS;
	return udp->dest == bpf_htons(9) ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int handle_icmp(struct xdp_md *ctx)
{
	count(IPPROTO_ICMP);
	return XDP_PASS;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__array(values, int (void *));
} dispatch SEC(".maps") = {
	.values = {
		[IPPROTO_ICMP] = (void *)&handle_icmp,
		[IPPROTO_TCP] = (void *)&handle_tcp,
		[IPPROTO_UDP] = (void *)&handle_udp,
	},
};

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	struct iphdr *ip = ipv4(ctx);
	if (!ip)
		return XDP_PASS;
	bpf_tail_call(ctx, &dispatch, ip->protocol);
	count(255); /* no handler for this protocol */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
