; desc: 8-byte store at fp-4
; type: socket_filter
*(u64 *)(r10 - 4) = 0
r0 = 0
exit
