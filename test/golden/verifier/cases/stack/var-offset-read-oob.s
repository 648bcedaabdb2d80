; desc: variable-offset load that may reach above the frame
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r2 = *(u32 *)(r1 + 0)
r2 &= 8
r3 = r10
r3 += -8
r3 += r2
r0 = *(u64 *)(r3 + 0)
exit
