; desc: struct_ops tcp_congestion_ops.cong_avoid: the sock argument is promoted to tcp_sock; writes to snd_cwnd and icsk_ca_priv are allowed, reads walk the struct
; type: struct_ops
; attach_btf: struct tcp_congestion_ops
; attach_type: 1
r6 = *(u64 *)(r1 + 0)
r2 = *(u32 *)(r6 + 1440)
*(u32 *)(r6 + 1444) = r2
r7 = r6
r7 += 1296
w3 = 7
*(u32 *)(r7 + 12) = r3
exit
