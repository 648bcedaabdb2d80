; desc: sign-extend a constant
; type: socket_filter
r2 = 0xff
r2 = (s8)r2
r0 = 0
exit
