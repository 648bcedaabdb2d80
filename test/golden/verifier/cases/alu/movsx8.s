; desc: sign-extend the low byte (cpu v4 movsx)
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 = (s8)r2
r0 = 0
exit
