// SPDX-License-Identifier: GPL-2.0
/* A raw tracepoint program run on user-supplied contexts (u64 args[]): sums args[1] into a hash
 * keyed by args[0] % 4, tries to read through args[2] as a kernel pointer (bad pointers give
 * -EFAULT and a zeroed buffer), and returns args[0] + args[3]. */
#include "common.h"

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } sums SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __s64); } probe SEC(".maps");

SEC("raw_tracepoint/sys_enter")
int tp_args(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = ctx->args[0] % 4;
	__u64 add = ctx->args[1];
	__u64 *sum = bpf_map_lookup_elem(&sums, &key);
	if (sum)
		*sum += add;
	else
		bpf_map_update_elem(&sums, &key, &add, BPF_NOEXIST);

	__u64 buf = 0x5555;
	__s64 err = bpf_probe_read_kernel(&buf, sizeof(buf), (void *)ctx->args[2]);
	__u32 k0 = 0, k1 = 1;
	__s64 *e = bpf_map_lookup_elem(&probe, &k0);
	if (e)
		*e = err;
	__s64 *b = bpf_map_lookup_elem(&probe, &k1);
	if (b)
		*b = buf;
	return ctx->args[0] + ctx->args[3];
}

char LICENSE[] SEC("license") = "GPL";
