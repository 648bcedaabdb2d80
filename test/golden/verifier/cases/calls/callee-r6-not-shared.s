; desc: callee-saved R6 of the caller survives the call
; type: socket_filter
r6 = 7
call sub
r0 = r6
exit
sub:
r6 = 1
r0 = 0
exit
