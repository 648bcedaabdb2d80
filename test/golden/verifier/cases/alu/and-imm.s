; desc: mask [0,255] with 0xf0
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 &= 0xf0
r0 = 0
exit
