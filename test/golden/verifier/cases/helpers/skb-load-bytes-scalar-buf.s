; desc: bpf_skb_load_bytes into a scalar
; type: socket_filter
r2 = 0
r3 = 0
r4 = 8
call bpf_skb_load_bytes
r0 = 0
exit
