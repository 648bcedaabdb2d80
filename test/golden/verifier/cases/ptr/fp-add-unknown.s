; desc: stack pointer plus an unknown scalar
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r3 = r10
r3 += r2
r0 = 0
exit
