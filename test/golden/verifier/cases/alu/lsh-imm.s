; desc: shift [0,255] left by 4
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 <<= 4
r0 = 0
exit
