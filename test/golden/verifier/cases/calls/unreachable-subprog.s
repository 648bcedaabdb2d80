; desc: a subprogram nobody calls
; type: socket_filter
r0 = 0
exit
sub:
r0 = 1
exit
