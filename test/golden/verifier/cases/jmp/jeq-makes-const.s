; desc: after r2 == 5 the register is the constant 5
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
if r2 == 5 goto +2
r0 = 0
exit
r0 = r2
exit
