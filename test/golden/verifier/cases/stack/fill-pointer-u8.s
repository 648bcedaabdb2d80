; desc: a 1-byte load from the middle of a spilled pointer
; type: socket_filter
*(u64 *)(r10 - 8) = r1
r0 = *(u8 *)(r10 - 5)
exit
