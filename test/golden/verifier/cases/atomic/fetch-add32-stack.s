; desc: 32-bit atomic fetch-add
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
w1 = atomic_fetch_add((u32 *)(r10 - 8), w1)
r0 = r1
exit
