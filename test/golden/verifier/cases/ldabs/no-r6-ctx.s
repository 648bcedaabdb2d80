; desc: LD_ABS without the context in R6
; type: socket_filter
r0 = *(u8 *)skb[12]
exit
