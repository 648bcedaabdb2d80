; desc: xdp may not write its context
; type: xdp
*(u32 *)(r1 + 12) = 1
r0 = 2
exit
