; desc: load through a ctx pointer filled from the stack
; type: socket_filter
*(u64 *)(r10 - 8) = r1
r6 = *(u64 *)(r10 - 8)
r0 = *(u32 *)(r6 + 8)
exit
