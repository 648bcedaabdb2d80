; desc: store at the frame pointer itself
; type: socket_filter
*(u64 *)(r10 + 0) = 0
r0 = 0
exit
