; desc: 64-bit division by the constant zero
; type: socket_filter
r0 = 1
r0 /= 0
exit
