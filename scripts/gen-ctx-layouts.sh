#!/bin/sh
# Records the offsets and sizes of the context structs' fields as the kernel's UAPI header
# (/usr/include/linux/bpf.h, seccomp.h) defines them, into test/progtypes/golden/uapi-layouts.json.
# test/progtypes/layouts.test.ts compares src/progtypes' tables with it.
set -e
out="$(dirname "$0")/../test/progtypes/golden/uapi-layouts.json"
tmp=$(mktemp -d)
cat > "$tmp/l.c" <<'C'
#include <stdio.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/seccomp.h>
#define F(s, f) printf("%s{\"struct\":\"%s\",\"field\":\"%s\",\"offset\":%zu,\"size\":%zu}", first ? "" : ",\n", #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f)), first = 0
int main(void) {
  int first = 1;
  printf("[\n");
  F(__sk_buff, len); F(__sk_buff, pkt_type); F(__sk_buff, mark); F(__sk_buff, queue_mapping); F(__sk_buff, protocol);
  F(__sk_buff, vlan_present); F(__sk_buff, vlan_tci); F(__sk_buff, vlan_proto); F(__sk_buff, priority);
  F(__sk_buff, ingress_ifindex); F(__sk_buff, ifindex); F(__sk_buff, tc_index); F(__sk_buff, cb); F(__sk_buff, hash);
  F(__sk_buff, tc_classid); F(__sk_buff, data); F(__sk_buff, data_end); F(__sk_buff, napi_id); F(__sk_buff, family);
  F(__sk_buff, remote_ip4); F(__sk_buff, local_ip4); F(__sk_buff, remote_ip6); F(__sk_buff, local_ip6);
  F(__sk_buff, remote_port); F(__sk_buff, local_port); F(__sk_buff, data_meta); F(__sk_buff, flow_keys);
  F(__sk_buff, tstamp); F(__sk_buff, wire_len); F(__sk_buff, gso_segs); F(__sk_buff, sk); F(__sk_buff, gso_size);
  F(__sk_buff, tstamp_type); F(__sk_buff, hwtstamp);
  F(xdp_md, data); F(xdp_md, data_end); F(xdp_md, data_meta); F(xdp_md, ingress_ifindex); F(xdp_md, rx_queue_index);
  F(xdp_md, egress_ifindex);
  F(seccomp_data, nr); F(seccomp_data, arch); F(seccomp_data, instruction_pointer); F(seccomp_data, args);
  printf("\n]\n");
  return 0;
}
C
cc -o "$tmp/l" "$tmp/l.c"
"$tmp/l" > "$out"
rm -rf "$tmp"
