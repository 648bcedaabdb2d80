; desc: struct_ops: an 8-byte write at snd_cwnd runs past the member
; type: struct_ops
; attach_btf: struct tcp_congestion_ops
; attach_type: 1
r1 = *(u64 *)(r1 + 0)
r2 = 1
*(u64 *)(r1 + 1444) = r2
exit
