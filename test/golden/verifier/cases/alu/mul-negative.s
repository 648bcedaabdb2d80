; desc: multiply by -1
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 *= -1
r0 = 0
exit
