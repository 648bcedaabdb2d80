; desc: store at fp-512, the lowest slot
; type: socket_filter
*(u64 *)(r10 - 512) = 0
r0 = 0
exit
