; desc: sign-extending 32-bit load of a constant
; type: socket_filter
r2 = 0x80000000 ll
*(u64 *)(r10 - 8) = r2
r0 = *(s32 *)(r10 - 8)
exit
