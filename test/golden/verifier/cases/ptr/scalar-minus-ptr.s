; desc: subtracting a pointer from a scalar
; type: socket_filter
r0 = 10
r0 -= r1
exit
