; desc: a spilled bounded scalar keeps its bounds
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xf
*(u64 *)(r10 - 8) = r2
r3 = *(u64 *)(r10 - 8)
r0 = r3
exit
