; desc: division by a register that is zero is allowed (result 0 at run time)
; type: socket_filter
r0 = 7
r1 = 0
r0 /= r1
exit
