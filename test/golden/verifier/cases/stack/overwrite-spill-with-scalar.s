; desc: a spilled pointer overwritten by a full 8-byte scalar
; type: socket_filter
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 8) = 0
r2 = *(u64 *)(r10 - 8)
r0 = r2
exit
