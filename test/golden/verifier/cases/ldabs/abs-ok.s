; desc: LD_ABS byte, half and word in a socket filter
; type: socket_filter
r6 = r1
r0 = *(u8 *)skb[12]
r0 = *(u16 *)skb[12]
r0 = *(u32 *)skb[12]
exit
