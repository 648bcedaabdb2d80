; desc: store a register into cb[4]
; type: socket_filter
r2 = 7
*(u32 *)(r1 + 64) = r2
r0 = 0
exit
