; desc: arithmetic shift by a bounded register
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = (s8)r2
r3 = *(u32 *)(r1 + 4)
r3 &= 3
r2 s>>= r3
r0 = 0
exit
