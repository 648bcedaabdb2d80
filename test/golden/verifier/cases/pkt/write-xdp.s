; desc: xdp writes the packet after a check
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 2
if r4 > r3 goto +1
*(u16 *)(r2 + 0) = 0
r0 = 2
exit
