; desc: store above the frame pointer
; type: socket_filter
*(u64 *)(r10 + 8) = 0
r0 = 0
exit
