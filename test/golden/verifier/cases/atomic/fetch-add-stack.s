; desc: atomic fetch-add returns the old value
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
r1 = atomic_fetch_add((u64 *)(r10 - 8), r1)
r0 = r1
exit
