; desc: signed division of a sign-extended byte by -3
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = (s8)r2
r2 s/= -3
r0 = 0
exit
