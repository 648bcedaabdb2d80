; desc: lock add of an uninitialised register
; type: socket_filter
*(u64 *)(r10 - 8) = 0
lock *(u64 *)(r10 - 8) += r2
r0 = 0
exit
