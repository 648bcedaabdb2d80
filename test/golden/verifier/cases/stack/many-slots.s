; desc: the full state lists several slots
; type: socket_filter
r2 = 1
*(u64 *)(r10 - 8) = r2
*(u64 *)(r10 - 16) = r1
*(u32 *)(r10 - 20) = 3
*(u64 *)(r10 - 32) = 0
r0 = 0
if r0 == 0 goto +0
exit
