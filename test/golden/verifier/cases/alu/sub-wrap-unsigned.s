; desc: [0,255] - [0,255] wraps in unsigned
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r3 = *(u32 *)(r1 + 4)
r3 &= 0xff
r2 -= r3
r0 = 0
exit
