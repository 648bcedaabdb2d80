; desc: sign-extend the low word
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 = (s32)r2
r0 = 0
exit
