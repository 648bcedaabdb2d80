; desc: LD_ABS with a stack pointer in R6
; type: socket_filter
r6 = r10
r0 = *(u8 *)skb[12]
exit
