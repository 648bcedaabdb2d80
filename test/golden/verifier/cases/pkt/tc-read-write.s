; desc: tc reads and writes the packet after a check
; type: sched_cls
r2 = *(u32 *)(r1 + 76)
r3 = *(u32 *)(r1 + 80)
r4 = r2
r4 += 14
if r4 > r3 goto +2
r0 = *(u16 *)(r2 + 12)
*(u8 *)(r2 + 0) = 1
r0 = 0
exit
