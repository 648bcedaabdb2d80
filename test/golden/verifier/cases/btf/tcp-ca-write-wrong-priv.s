; desc: struct_ops: icsk_ca_priv moved in 6.18 (1296); a write at an older kernel's offset (1208 + 12) is refused
; type: struct_ops
; attach_btf: struct tcp_congestion_ops
; attach_type: 1
r6 = *(u64 *)(r1 + 0)
r7 = r6
r7 += 1208
w3 = 7
*(u32 *)(r7 + 12) = r3
exit
