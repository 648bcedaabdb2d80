; desc: a subprogram calls itself
; type: socket_filter
call sub
exit
sub:
r0 = 0
call sub
exit
