; desc: 64-bit shift by 64
; type: socket_filter
r0 = 1
r0 <<= 64
exit
