; desc: adding a variable offset after the check loses the range
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto +5
r5 = *(u32 *)(r1 + 12)
r5 &= 0xf
r2 += r5
r0 = *(u8 *)(r2 + 0)
exit
r0 = 2
exit
