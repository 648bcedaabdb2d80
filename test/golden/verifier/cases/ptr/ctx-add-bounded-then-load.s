; desc: loading through a ctx pointer with a variable offset
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 4
r1 += r2
r0 = *(u32 *)(r1 + 0)
exit
