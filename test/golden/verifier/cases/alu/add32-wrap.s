; desc: 32-bit add that wraps
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
w2 += -1
r0 = 0
exit
