; desc: ctx pointer plus a scalar that may be negative
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 = (s32)r2
r1 += r2
r0 = 0
exit
