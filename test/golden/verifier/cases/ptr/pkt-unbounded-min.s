; desc: packet pointer plus a scalar with unbounded min
; type: xdp
r2 = *(u32 *)(r1 + 0)
r4 = *(u32 *)(r1 + 8)
r4 = (s32)r4
r2 += r4
r0 = 0
exit
