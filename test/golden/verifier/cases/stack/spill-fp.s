; desc: spill a stack pointer and store through the fill
; type: socket_filter
r2 = r10
r2 += -16
*(u64 *)(r10 - 8) = r2
r3 = *(u64 *)(r10 - 8)
*(u64 *)(r3 + 0) = 1
r0 = 0
exit
