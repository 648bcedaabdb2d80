; desc: 8-byte atomic at fp-4
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
lock *(u64 *)(r10 - 4) += r1
r0 = 0
exit
