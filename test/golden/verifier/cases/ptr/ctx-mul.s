; desc: multiplying the ctx pointer
; type: socket_filter
r1 *= 2
r0 = 0
exit
