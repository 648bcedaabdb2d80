; desc: loading through a ctx pointer moved by a constant
; type: socket_filter
r1 += 4
r0 = *(u32 *)(r1 + 0)
exit
