; desc: atomic exchange on the stack
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
r1 = xchg_64(r10 - 8, r1)
r0 = r1
exit
