; desc: byte stores make misc slots
; type: socket_filter
*(u8 *)(r10 - 1) = 1
r2 = 5
*(u8 *)(r10 - 3) = r2
r0 = *(u8 *)(r10 - 1)
exit
