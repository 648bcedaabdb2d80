; desc: signed modulo of a sign-extended byte by 7
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = (s8)r2
r2 s%= 7
r0 = 0
exit
