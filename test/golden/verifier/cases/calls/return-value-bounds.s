; desc: the callee's return value keeps its bounds
; type: socket_filter
call sub
r0 &= 3
exit
sub:
r0 = *(u32 *)(r1 + 0)
exit
