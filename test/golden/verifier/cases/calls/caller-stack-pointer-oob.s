; desc: the callee writes past the caller's frame top
; type: socket_filter
r1 = r10
r1 += -8
call sub
r0 = 0
exit
sub:
*(u64 *)(r1 + 8) = 3
r0 = 0
exit
