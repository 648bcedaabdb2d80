; desc: reading below the stack depth written so far
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r0 = *(u64 *)(r10 - 16)
exit
