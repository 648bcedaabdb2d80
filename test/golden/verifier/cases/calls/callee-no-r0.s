; desc: the callee returns without setting R0
; type: socket_filter
call sub
exit
sub:
r1 = 0
exit
