; desc: 4-byte load at fp-6
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r0 = *(u32 *)(r10 - 6)
exit
