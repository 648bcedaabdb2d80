; desc: bpf_skb_load_bytes with length 0
; type: socket_filter
r2 = 0
r3 = r10
r3 += -8
r4 = 0
call bpf_skb_load_bytes
r0 = 0
exit
