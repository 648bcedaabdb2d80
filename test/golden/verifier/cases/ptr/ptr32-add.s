; desc: 32-bit arithmetic on a pointer
; type: socket_filter
w1 += 4
r0 = 0
exit
