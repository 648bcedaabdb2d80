; desc: struct_ops ssthresh returns u32: R0 must be set at exit (cong_avoid returns void and needs nothing)
; type: struct_ops
; attach_btf: struct tcp_congestion_ops
; attach_type: 0
r1 = *(u64 *)(r1 + 0)
exit
