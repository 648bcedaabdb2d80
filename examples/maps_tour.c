// SPDX-License-Identifier: GPL-2.0
/* A tour of map helpers from XDP, all checked against the kernel:
 *  - queue of the last 8 frame lengths (push with BPF_EXIST overwrites the oldest) and a stack
 *    of TCP destination ports (pop when full);
 *  - bloom filter of IPv4 sources: peek before push counts the first sighting of each source;
 *  - per-CPU hash of packets per protocol, read back with bpf_map_lookup_percpu_elem;
 *  - a hash value guarded by a bpf_spin_lock;
 *  - every 50th packet, bpf_for_each_map_elem sums the per-source counters (order-independent);
 *  - an array of maps: frames of even and odd length are counted in two inner arrays. */
#include "common.h"

struct { __uint(type, BPF_MAP_TYPE_QUEUE); __uint(max_entries, 8); __type(value, __u32); } lengths SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK); __uint(max_entries, 4); __type(value, __u16); } ports SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_BLOOM_FILTER); __uint(max_entries, 64); __type(value, __u32); } seen SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } per_proto SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } per_source SEC(".maps");

struct locked { struct bpf_spin_lock lock; __u64 bytes; __u64 packets; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct locked); } totals SEC(".maps");

/* Map in map: the outer array's two slots point at two inner arrays (set in the object itself). */
struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); };
struct inner inner_even SEC(".maps"), inner_odd SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = { .values = { [0] = &inner_even, [1] = &inner_odd } };

/* stats[0] first sightings, [1] stack pops, [2] last for_each count, [3] last for_each sum,
 * [4] last queue peek, [5] percpu lookup of proto 6 on cpu 0, [6] push errors */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } stats SEC(".maps");

__u64 runs = 0;

static __always_inline void bump(__u32 k, __u64 v, int set)
{
	__u64 *p = bpf_map_lookup_elem(&stats, &k);
	if (p) {
		if (set)
			*p = v;
		else
			*p += v;
	}
}

static long sum_source(void *map, __u32 *key, __u64 *value, __u64 *sum)
{
	*sum += *value;
	return 0;
}

SEC("xdp")
int xdp_maps(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 len = data_end - data;

	runs++;
	if (bpf_map_push_elem(&lengths, &len, BPF_EXIST))
		bump(6, 1, 0);
	__u32 head;
	if (bpf_map_peek_elem(&lengths, &head) == 0)
		bump(4, head, 1);

	__u32 k0 = 0, parity = len & 1;
	void *inner = bpf_map_lookup_elem(&outer, &parity);
	if (inner) {
		__u64 *cnt = bpf_map_lookup_elem(inner, &k0);
		if (cnt)
			*cnt += 1;
	}

	struct locked *t = bpf_map_lookup_elem(&totals, &k0);
	if (t) {
		bpf_spin_lock(&t->lock);
		t->bytes += len;
		t->packets++;
		bpf_spin_unlock(&t->lock);
	}

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	__u32 src = ip->saddr;
	if (bpf_map_peek_elem(&seen, &src) != 0) {
		bpf_map_push_elem(&seen, &src, BPF_ANY);
		bump(0, 1, 0);
	}
	__u64 one = 1, *n = bpf_map_lookup_elem(&per_source, &src);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&per_source, &src, &one, BPF_NOEXIST);

	__u32 proto = ip->protocol;
	__u64 *c = bpf_map_lookup_elem(&per_proto, &proto);
	if (c)
		*c += 1;
	else
		bpf_map_update_elem(&per_proto, &proto, &one, BPF_ANY);
	__u32 tcp = IPPROTO_TCP;
	__u64 *c0 = bpf_map_lookup_percpu_elem(&per_proto, &tcp, 0);
	if (c0)
		bump(5, *c0, 1);

	if (proto == IPPROTO_TCP && ip->ihl == 5) {
		struct tcphdr *th = (void *)(ip + 1);
		if ((void *)(th + 1) <= data_end) {
			__u16 port = bpf_ntohs(th->dest);
			if (bpf_map_push_elem(&ports, &port, 0) == -7 /* -E2BIG */) {
				__u16 old;
				if (bpf_map_pop_elem(&ports, &old) == 0)
					bump(1, old, 0);
				bpf_map_push_elem(&ports, &port, 0);
			}
		}
	}

	if (runs % 50 == 0) {
		__u64 sum = 0;
		long visited = bpf_for_each_map_elem(&per_source, sum_source, &sum, 0);
		bump(2, visited, 1);
		bump(3, sum, 1);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
