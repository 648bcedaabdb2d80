; desc: a socket filter may not write skb->len
; type: socket_filter
*(u32 *)(r1 + 0) = 1
r0 = 0
exit
