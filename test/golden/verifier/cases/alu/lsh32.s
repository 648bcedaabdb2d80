; desc: 32-bit shift left
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
w2 <<= 28
r0 = 0
exit
