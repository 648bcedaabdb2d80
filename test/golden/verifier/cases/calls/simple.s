; desc: main calls a subprogram that returns 1
; type: socket_filter
call sub
exit
sub:
r0 = 1
exit
