// SPDX-License-Identifier: GPL-2.0
/* tc header rewrite: redirects DNS (UDP port 53) sent to 8.8.8.8 to 10.53.0.1 by rewriting the
 * destination address, fixing the IP and UDP checksums with the checksum helpers, decrementing
 * the TTL (l3 checksum, 2-byte form) and marking the packet. Other packets pass untouched. */
#include "common.h"

#define IP_DST_OFF (ETH_HLEN + offsetof(struct iphdr, daddr))
#define IP_CSUM_OFF (ETH_HLEN + offsetof(struct iphdr, check))
#define IP_TTL_OFF (ETH_HLEN + offsetof(struct iphdr, ttl))
#define UDP_CSUM_OFF (ETH_HLEN + sizeof(struct iphdr) + offsetof(struct udphdr, check))

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rewritten SEC(".maps");

SEC("tc")
int dns_rewrite(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	if ((void *)(udp + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return TC_ACT_OK;
	if (udp->dest != bpf_htons(53) || ip->daddr != bpf_htonl(0x08080808))
		return TC_ACT_OK;

	__be32 old_dst = ip->daddr;
	__be32 new_dst = bpf_htonl(0x0a350001);
	__u16 old_ttl = *(__u16 *)&ip->ttl; /* ttl and protocol: one 16-bit checksum word */
	__u8 ttl = ip->ttl - 1;

	bpf_l4_csum_replace(skb, UDP_CSUM_OFF, old_dst, new_dst, BPF_F_PSEUDO_HDR | BPF_F_MARK_MANGLED_0 | sizeof(new_dst));
	bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_dst, new_dst, sizeof(new_dst));
	bpf_skb_store_bytes(skb, IP_DST_OFF, &new_dst, sizeof(new_dst), 0);
	bpf_skb_store_bytes(skb, IP_TTL_OFF, &ttl, 1, 0);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	if (data + IP_TTL_OFF + 2 > data_end)
		return TC_ACT_SHOT;
	__u16 new_ttl = *(__u16 *)(data + IP_TTL_OFF);
	bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_ttl, new_ttl, 2);

	/* A checksum difference the long way, for the record: csum_diff over the two addresses. */
	__s64 diff = bpf_csum_diff(&old_dst, 4, &new_dst, 4, 0);
	__u32 k = 0;
	__u64 *n = bpf_map_lookup_elem(&rewritten, &k);
	if (n)
		*n += 1 + ((__u64)(__u32)diff << 32);
	skb->mark = 0x53;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
