; desc: load below the stack
; type: socket_filter
r0 = *(u64 *)(r10 - 520)
exit
