; desc: add that may overflow 32 bits of a u32 load
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 += 1
r0 = 0
exit
