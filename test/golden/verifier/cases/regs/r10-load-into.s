; desc: loading into the frame pointer
; type: socket_filter
r10 = *(u32 *)(r1 + 0)
r0 = 0
exit
