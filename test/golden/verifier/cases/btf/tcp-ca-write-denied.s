; desc: struct_ops tcp_congestion_ops.ssthresh: a write to tcp_sock's mss_cache is refused by bpf_tcp_ca_btf_struct_access
; type: struct_ops
; attach_btf: struct tcp_congestion_ops
; attach_type: 0
r1 = *(u64 *)(r1 + 0)
w2 = 1
*(u32 *)(r1 + 1440) = r2
w0 = 2
exit
