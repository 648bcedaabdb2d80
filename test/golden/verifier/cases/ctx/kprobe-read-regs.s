; desc: kprobe reads pt_regs fields
; type: kprobe
r2 = *(u64 *)(r1 + 112)
r3 = *(u64 *)(r1 + 104)
r0 = 0
exit
