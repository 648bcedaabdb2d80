; desc: LD_IND with a pointer as the index
; type: socket_filter
r6 = r1
r0 = *(u8 *)skb[r10 + 0]
exit
