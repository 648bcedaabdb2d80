; desc: 32-bit multiply
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
w2 *= 0x1000000
r0 = 0
exit
