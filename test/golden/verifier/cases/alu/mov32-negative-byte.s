; desc: a 32-bit move of a sign-extended byte
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 = (s8)r2
w2 = w2
r0 = 0
exit
