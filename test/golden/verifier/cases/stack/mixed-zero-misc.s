; desc: an 8-byte read of a slot half zero, half misc
; type: socket_filter
*(u32 *)(r10 - 8) = 0
r2 = *(u32 *)(r1 + 0)
*(u32 *)(r10 - 4) = r2
r0 = *(u64 *)(r10 - 8)
exit
