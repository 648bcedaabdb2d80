// SPDX-License-Identifier: GPL-2.0
/* Ring buffer events: for every TCP SYN, reserve a record, fill it and submit it; for every UDP
 * datagram, copy a record with bpf_ringbuf_output. Also counts events in a per-CPU array. */
#include "common.h"

struct event {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 flags;
	__u16 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} emitted SEC(".maps");

SEC("xdp")
int xdp_events(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return XDP_PASS;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)(ip + 1);
		if ((void *)(tcp + 1) > data_end || !tcp->syn)
			return XDP_PASS;
		struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (!e)
			return XDP_PASS;
		e->saddr = ip->saddr;
		e->daddr = ip->daddr;
		e->sport = bpf_ntohs(tcp->source);
		e->dport = bpf_ntohs(tcp->dest);
		e->proto = IPPROTO_TCP;
		e->flags = ((__u8 *)tcp)[13];
		e->len = data_end - data;
		bpf_ringbuf_submit(e, 0);
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = (void *)(ip + 1);
		if ((void *)(udp + 1) > data_end)
			return XDP_PASS;
		struct event e = {
			.saddr = ip->saddr, .daddr = ip->daddr, .sport = bpf_ntohs(udp->source),
			.dport = bpf_ntohs(udp->dest), .proto = IPPROTO_UDP, .len = data_end - data,
		};
		if (bpf_ringbuf_output(&events, &e, sizeof(e), 0) < 0)
			return XDP_PASS;
	} else {
		return XDP_PASS;
	}
	__u32 k = 0;
	__u64 *n = bpf_map_lookup_elem(&emitted, &k);
	if (n)
		*n += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
