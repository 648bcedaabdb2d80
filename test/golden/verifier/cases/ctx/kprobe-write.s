; desc: kprobe may not write pt_regs
; type: kprobe
*(u64 *)(r1 + 112) = 0
r0 = 0
exit
