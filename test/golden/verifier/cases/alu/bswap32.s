; desc: unconditional byte swap 32 (cpu v4)
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = bswap32 r2
r0 = 0
exit
