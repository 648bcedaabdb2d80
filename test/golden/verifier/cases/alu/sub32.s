; desc: 32-bit subtract of a bounded value
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
w2 -= 16
r0 = 0
exit
