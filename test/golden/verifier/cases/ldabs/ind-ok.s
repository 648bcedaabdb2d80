; desc: LD_IND with an index register
; type: socket_filter
r6 = r1
r7 = 2
r0 = *(u16 *)skb[r7 + 4]
exit
