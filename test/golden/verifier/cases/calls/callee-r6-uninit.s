; desc: the callee reads its own R6, which starts uninitialised
; type: socket_filter
r6 = 7
call sub
exit
sub:
r0 = r6
exit
