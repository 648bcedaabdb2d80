; desc: arithmetic shift of a sign-extended byte
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = (s8)r2
r2 s>>= 2
r0 = 0
exit
