; desc: bpf_skb_load_bytes with a stack pointer as the skb
; type: socket_filter
r1 = r10
r2 = 0
r3 = r10
r3 += -8
r4 = 8
call bpf_skb_load_bytes
r0 = 0
exit
