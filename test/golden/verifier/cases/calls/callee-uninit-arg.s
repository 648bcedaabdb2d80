; desc: the callee reads an argument the caller never set
; type: socket_filter
r1 = 1
call sub
exit
sub:
r0 = r2
exit
