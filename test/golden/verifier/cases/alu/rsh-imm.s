; desc: shift a u32 right by 24
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 >>= 24
r0 = 0
exit
