; desc: 64-bit shift by 63 is fine
; type: socket_filter
r0 = 1
r0 <<= 63
r0 >>= 63
exit
