; desc: shifting the ctx pointer
; type: socket_filter
r1 <<= 1
r0 = 0
exit
