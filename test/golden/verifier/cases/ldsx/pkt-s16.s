; desc: sign-extending 16-bit packet load
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 2
if r4 > r3 goto +1
r0 = *(s16 *)(r2 + 0)
r0 = 2
exit
