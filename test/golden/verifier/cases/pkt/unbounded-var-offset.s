; desc: an unbounded offset added to a packet pointer
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r5 = *(u32 *)(r1 + 12)
r2 += r5
r4 = r2
r4 += 4
if r4 > r3 goto +2
r0 = *(u32 *)(r2 + 0)
exit
r0 = 2
exit
