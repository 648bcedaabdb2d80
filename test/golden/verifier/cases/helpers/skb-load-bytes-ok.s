; desc: bpf_skb_load_bytes of 8 bytes into the stack
; type: socket_filter
r2 = 0
r3 = r10
r3 += -8
r4 = 8
call bpf_skb_load_bytes
r0 = *(u64 *)(r10 - 8)
exit
