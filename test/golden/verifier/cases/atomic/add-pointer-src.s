; desc: lock add of a pointer into memory
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = r10
lock *(u64 *)(r10 - 8) += r1
r0 = 0
exit
