; desc: exit without setting R0
; type: socket_filter
r2 = r1
exit
