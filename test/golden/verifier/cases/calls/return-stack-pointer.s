; desc: the callee returns a pointer into its own frame
; type: socket_filter
call sub
r0 = 0
exit
sub:
r0 = r10
r0 += -8
exit
