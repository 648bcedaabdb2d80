; desc: a spilled constant keeps its value
; type: socket_filter
r2 = 42
*(u64 *)(r10 - 8) = r2
r3 = *(u64 *)(r10 - 8)
r0 = r3
exit
