; desc: a 32-bit spill read back as 64 bits
; type: socket_filter
r2 = 5
*(u32 *)(r10 - 8) = r2
r0 = *(u64 *)(r10 - 8)
exit
