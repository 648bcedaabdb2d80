; desc: 32-bit signed division by zero
; type: socket_filter
w0 = 1
w0 s/= 0
exit
