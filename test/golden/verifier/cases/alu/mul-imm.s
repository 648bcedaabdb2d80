; desc: multiply [0,255] by 3
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 *= 3
r0 = 0
exit
