; desc: loading through a map pointer
; type: socket_filter
; map: counts array 4 8 4
r1 = map[counts] ll
r0 = *(u64 *)(r1 + 0)
exit
