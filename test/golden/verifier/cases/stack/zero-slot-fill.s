; desc: a slot zeroed by a constant store fills as 0
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r0 = *(u64 *)(r10 - 8)
exit
