; desc: read past the end of pt_regs
; type: kprobe
r0 = *(u64 *)(r1 + 168)
exit
