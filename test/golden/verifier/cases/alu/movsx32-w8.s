; desc: 32-bit sign-extend of a byte
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
w2 = (s8)w2
r0 = 0
exit
