// SPDX-License-Identifier: GPL-2.0
/* XDP drop-list: drops IPv4 packets whose source address falls in a blocked prefix (LPM trie)
 * and counts the drops per prefix in the trie's value. The program seeds the trie itself from a
 * constant table on its first run, so the example needs no loader code. */
#include "common.h"

struct lpm_v4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_v4_key);
	__type(value, __u64);
} blocked SEC(".maps");

static const struct lpm_v4_key seed[] = {
	{ 8, { 10, 0, 0, 0 } },
	{ 24, { 192, 168, 66, 0 } },
	{ 32, { 172, 16, 5, 9 } },
};

int seeded = 0;

SEC("xdp")
int xdp_droplist(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;

	if (!seeded) {
		__u64 zero = 0;
#pragma unroll
		for (int i = 0; i < (int)(sizeof(seed) / sizeof(seed[0])); i++)
			bpf_map_update_elem(&blocked, &seed[i], &zero, BPF_ANY);
		seeded = 1;
	}
	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;

	struct lpm_v4_key key = { .prefixlen = 32 };
	__builtin_memcpy(key.addr, &ip->saddr, 4);
	__u64 *hits = bpf_map_lookup_elem(&blocked, &key);
	if (!hits)
		return XDP_PASS;
	__sync_fetch_and_add(hits, 1);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
