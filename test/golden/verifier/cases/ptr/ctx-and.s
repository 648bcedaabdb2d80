; desc: bitwise and on the ctx pointer
; type: socket_filter
r1 &= 0xff
r0 = 0
exit
