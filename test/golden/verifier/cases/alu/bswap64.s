; desc: unconditional byte swap 64 (cpu v4)
; type: socket_filter
r2 = 0x1122 ll
r2 = bswap64 r2
r0 = 0
exit
