; desc: adding an unknown scalar to the ctx pointer
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r1 += r2
r0 = 0
exit
