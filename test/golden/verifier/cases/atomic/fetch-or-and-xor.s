; desc: fetch forms of or, and, xor
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
r1 = atomic_fetch_or((u64 *)(r10 - 8), r1)
r1 = atomic_fetch_and((u64 *)(r10 - 8), r1)
r1 = atomic_fetch_xor((u64 *)(r10 - 8), r1)
r0 = 0
exit
