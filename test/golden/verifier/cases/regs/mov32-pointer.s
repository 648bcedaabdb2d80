; desc: a 32-bit move of a pointer makes a scalar
; type: socket_filter
w0 = w1
exit
