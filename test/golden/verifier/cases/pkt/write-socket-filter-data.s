; desc: socket filters have no direct packet access at all
; type: socket_filter
r2 = *(u32 *)(r1 + 76)
r0 = 0
exit
