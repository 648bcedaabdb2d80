; desc: store through a moved ctx pointer
; type: socket_filter
r1 += 48
*(u32 *)(r1 + 0) = 1
r0 = 0
exit
