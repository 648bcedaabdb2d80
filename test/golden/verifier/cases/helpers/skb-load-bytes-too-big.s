; desc: bpf_skb_load_bytes of 16 bytes at fp-8
; type: socket_filter
r2 = 0
r3 = r10
r3 += -8
r4 = 16
call bpf_skb_load_bytes
r0 = 0
exit
