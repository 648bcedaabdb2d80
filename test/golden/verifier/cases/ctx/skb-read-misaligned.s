; desc: 4-byte read at offset 2
; type: socket_filter
r0 = *(u32 *)(r1 + 2)
exit
