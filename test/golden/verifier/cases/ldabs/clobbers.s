; desc: LD_ABS clobbers R1-R5
; type: socket_filter
r6 = r1
r2 = 1
r0 = *(u8 *)skb[0]
r0 = r2
exit
