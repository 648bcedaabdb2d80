; desc: LD_IND with an uninitialised index
; type: socket_filter
r6 = r1
r0 = *(u8 *)skb[r7 + 0]
exit
