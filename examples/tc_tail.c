// SPDX-License-Identifier: GPL-2.0
/* tc packet resizing with bpf_skb_change_tail: ICMP frames are trimmed to 60 bytes, UDP frames
 * grow by 6 zero bytes with a 2-byte marker at the new end, and every frame also tries an
 * impossible length (the result is recorded). */
#include "common.h"

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 3); __type(key, __u32); __type(value, __s64); } results SEC(".maps");

static __always_inline void record(__u32 slot, __s64 value)
{
	__s64 *v = bpf_map_lookup_elem(&results, &slot);
	if (v)
		*v = value;
}

SEC("tc")
int tc_tail(struct __sk_buff *skb)
{
	record(0, bpf_skb_change_tail(skb, 0x7fffffff, 0));
	__u8 proto;
	if (skb->protocol != bpf_htons(ETH_P_IP) || bpf_skb_load_bytes(skb, ETH_HLEN + 9, &proto, 1) < 0)
		return TC_ACT_OK;
	__u32 len = skb->len;
	if (proto == IPPROTO_ICMP && len > 60) {
		record(1, bpf_skb_change_tail(skb, 60, 0));
	} else if (proto == IPPROTO_UDP) {
		record(2, bpf_skb_change_tail(skb, len + 6, 0));
		__u16 marker = 0xbeef;
		bpf_skb_store_bytes(skb, len + 4, &marker, 2, 0);
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
