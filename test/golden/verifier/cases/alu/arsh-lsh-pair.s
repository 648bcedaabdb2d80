; desc: sign-extend through shifts (<< 56, s>> 56)
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 <<= 56
r2 s>>= 56
r0 = 0
exit
