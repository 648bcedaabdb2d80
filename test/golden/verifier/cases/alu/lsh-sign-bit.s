; desc: shift an unknown 32-bit value left by 32
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 <<= 32
r0 = 0
exit
