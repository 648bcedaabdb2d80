; desc: bitwise or of a scalar into the ctx pointer
; type: socket_filter
r2 = 1
r1 |= r2
r0 = 0
exit
