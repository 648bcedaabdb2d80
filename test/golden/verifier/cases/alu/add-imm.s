; desc: add a constant to [0,255]
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 += 16
r0 = 0
exit
