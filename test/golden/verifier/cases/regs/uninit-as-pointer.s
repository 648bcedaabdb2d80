; desc: storing through an uninitialised register
; type: socket_filter
*(u64 *)(r3 + 0) = 1
r0 = 0
exit
