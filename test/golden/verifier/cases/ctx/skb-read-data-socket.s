; desc: a socket filter may not read skb->data
; type: socket_filter
r0 = *(u32 *)(r1 + 76)
exit
