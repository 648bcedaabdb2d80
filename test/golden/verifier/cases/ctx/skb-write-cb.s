; desc: a socket filter may write cb[]
; type: socket_filter
*(u32 *)(r1 + 48) = 1
r0 = 0
exit
