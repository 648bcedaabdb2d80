; desc: negate [0,255]
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = -r2
r0 = 0
exit
