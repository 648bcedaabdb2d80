; desc: data_end >= data + 14 jumps to the safe code
; type: xdp
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r3 >= r4 goto +2
r0 = 2
exit
r0 = *(u8 *)(r2 + 13)
exit
