; desc: the callee reads the caller's stack through R1
; type: socket_filter
*(u64 *)(r10 - 8) = 5
r1 = r10
r1 += -8
call sub
exit
sub:
r0 = *(u64 *)(r1 + 0)
exit
