// SPDX-License-Identifier: GPL-2.0
/* Packet head/tail/metadata adjustment in XDP:
 *  - TCP SYN: grow the head by 4 bytes and insert an 802.1Q VLAN tag (id 42), send back (XDP_TX);
 *  - ICMP: trim the frame to 60 bytes when longer;
 *  - UDP: put 8 bytes of metadata in front of the frame and append 4 zero-filled bytes with a
 *    marker in the first two;
 *  - every packet also tries an impossible head adjustment and records the error it got. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline void record(__u32 slot, __s64 value)
{
	__s64 *v = bpf_map_lookup_elem(&results, &slot);
	if (v)
		*v = value;
}

SEC("xdp")
int xdp_adjust(struct xdp_md *ctx)
{
	/* First, as adjusting invalidates packet pointers: too far, so -EINVAL and nothing moves. */
	record(0, bpf_xdp_adjust_head(ctx, -1000));

	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return XDP_PASS;

	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)(ip + 1);
		if ((void *)(tcp + 1) > data_end || !tcp->syn || tcp->ack)
			return XDP_PASS;
		if (bpf_xdp_adjust_head(ctx, -4))
			return XDP_ABORTED;
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
		if (data + 18 > data_end)
			return XDP_ABORTED;
		__builtin_memmove(data, data + 4, 12); /* MAC addresses to the new front */
		__u16 *tag = data + 12;
		tag[0] = bpf_htons(ETH_P_8021Q);
		tag[1] = bpf_htons(42);
		return XDP_TX;
	}
	if (ip->protocol == IPPROTO_ICMP) {
		int len = data_end - data;
		if (len > 60)
			record(1, bpf_xdp_adjust_tail(ctx, 60 - len));
		return XDP_PASS;
	}
	if (ip->protocol == IPPROTO_UDP) {
		record(2, bpf_xdp_adjust_meta(ctx, -8));
		record(3, bpf_xdp_adjust_tail(ctx, 4));
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
		void *meta = (void *)(long)ctx->data_meta;
		if (meta + 8 <= data)
			*(__u64 *)meta = 0x1122334455667788ULL;
		__u32 len = data_end - data;
		if (len < 4 || len > 4000)
			return XDP_PASS;
		__u8 *tail = data + ((len - 4) & 0xfff); /* the verifier needs the offset bounded */
		if ((void *)(tail + 2) <= data_end) {
			tail[0] = 0xbe;
			tail[1] = 0xef;
		}
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
