; desc: the callee reads the ctx passed in R1
; type: socket_filter
call sub
exit
sub:
r0 = *(u32 *)(r1 + 0)
exit
