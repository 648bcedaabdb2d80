; desc: compare-and-exchange with R0 not initialised
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
r0 = cmpxchg_64(r10 - 8, r0, r1)
exit
