; desc: subtract a constant from [0,255] (goes negative)
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 -= 16
r0 = 0
exit
