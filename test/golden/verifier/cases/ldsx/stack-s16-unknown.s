; desc: sign-extending 16-bit load of an unknown stack value
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
*(u64 *)(r10 - 8) = r2
r0 = *(s16 *)(r10 - 8)
exit
