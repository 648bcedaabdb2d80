; desc: store below the 512-byte stack
; type: socket_filter
*(u64 *)(r10 - 520) = 0
r0 = 0
exit
