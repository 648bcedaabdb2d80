; desc: [0,255] modulo 10
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 %= 10
r0 = 0
exit
