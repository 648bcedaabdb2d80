; desc: the callee writes the caller's stack
; type: socket_filter
r1 = r10
r1 += -8
call sub
r0 = *(u64 *)(r10 - 8)
exit
sub:
*(u64 *)(r1 + 0) = 3
r0 = 0
exit
