; desc: the range proven on a copy applies to the original
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 8
r5 = r4
if r5 > r3 goto +2
r0 = *(u8 *)(r4 - 1)
exit
r0 = 2
exit
