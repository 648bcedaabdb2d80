; desc: a size argument is marked precise through the branch
; type: socket_filter
r6 = r1
r7 = *(u32 *)(r1 + 0)
r4 = 4
if r7 > 10 goto +1
r4 = 8
r1 = r6
r2 = 0
r3 = r10
r3 += -8
call bpf_skb_load_bytes
r0 = 0
exit
