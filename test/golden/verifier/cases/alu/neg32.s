; desc: 32-bit negate of [0,255]
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
w2 = -w2
r0 = 0
exit
