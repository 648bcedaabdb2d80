; desc: 32-bit spill and fill of a scalar
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xf
*(u32 *)(r10 - 4) = r2
r3 = *(u32 *)(r10 - 4)
r0 = r3
exit
