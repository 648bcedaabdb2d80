; desc: sign-extending byte load from the stack
; type: socket_filter
r2 = 0xff
*(u64 *)(r10 - 8) = r2
r0 = *(s8 *)(r10 - 8)
exit
