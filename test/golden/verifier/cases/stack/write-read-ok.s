; desc: write then read a stack slot
; type: socket_filter
*(u64 *)(r10 - 8) = 7
r0 = *(u64 *)(r10 - 8)
exit
