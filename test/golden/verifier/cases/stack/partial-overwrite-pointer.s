; desc: a 4-byte store over a spilled pointer turns the fill into a scalar
; type: socket_filter
*(u64 *)(r10 - 8) = r1
*(u32 *)(r10 - 8) = 0
r2 = *(u64 *)(r10 - 8)
r0 = *(u32 *)(r2 + 0)
exit
