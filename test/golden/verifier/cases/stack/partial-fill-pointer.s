; desc: a 4-byte load of a spilled pointer
; type: socket_filter
*(u64 *)(r10 - 8) = r1
r0 = *(u32 *)(r10 - 8)
exit
