; desc: unconditional byte swap 16 (cpu v4)
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 = bswap16 r2
r0 = 0
exit
