; desc: scalar += pointer makes a pointer
; type: socket_filter
r2 = -8
r2 += r10
*(u64 *)(r2 + 0) = 0
r0 = 0
exit
