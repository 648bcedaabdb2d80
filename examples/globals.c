// SPDX-License-Identifier: GPL-2.0
/* Global data and bpf-to-bpf calls: configuration in .rodata (const volatile, set by a loader
 * before load), counters in .data and .bss, non-inlined subprograms, and a bpf_loop callback that
 * sums the first bytes of the payload. Drops IPv4 packets whose TTL is below the configured
 * minimum. */
#include "common.h"

const volatile __u8 min_ttl = 2;
const volatile __u32 sum_bytes = 16;

__u64 packets = 0;         /* .bss */
__u64 low_ttl = 0;         /* .bss */
__u64 checksum_total = 7;  /* .data */
__u32 last_len = 1;        /* .data */

struct sum_ctx {
	__u8 bytes[16];
	__u32 len;
	__u64 sum;
};

static long add_byte(__u32 index, void *arg)
{
	struct sum_ctx *s = arg;
	if (index >= s->len || index >= sizeof(s->bytes))
		return 1; /* stop */
	__u32 i = index;
	asm volatile("%0 &= 15" : "+r"(i)); /* keep the bound visible to the verifier */
	s->sum += s->bytes[i] * (index + 1);
	return 0;
}

/* Copies up to 16 payload bytes to the stack, then sums them weighted in a bpf_loop callback. */
static __noinline __u64 payload_sum(struct xdp_md *ctx, __u32 offset)
{
	struct sum_ctx s = { .len = 0, .sum = 0 };
	__u8 *p = (__u8 *)(long)ctx->data + (offset & 0xff);
	void *end = (void *)(long)ctx->data_end;
	for (int i = 0; i < 16; i++) {
		if ((void *)(p + i + 1) > end)
			break;
		s.bytes[i] = p[i];
		s.len = i + 1;
	}
	bpf_loop(sum_bytes, add_byte, &s, 0);
	return s.sum;
}

static __noinline int ttl_ok(struct iphdr *ip)
{
	return ip->ttl >= min_ttl;
}

SEC("xdp")
int xdp_globals(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	packets++;
	last_len = data_end - data;
	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	checksum_total += payload_sum(ctx, sizeof(*eth) + sizeof(*ip));
	if (!ttl_ok(ip)) {
		low_ttl++;
		return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
