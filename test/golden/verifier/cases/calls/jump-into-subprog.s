; desc: a jump from main into a subprogram
; type: socket_filter
r0 = 0
if r0 == 0 goto sub
call sub
exit
sub:
r0 = 1
exit
