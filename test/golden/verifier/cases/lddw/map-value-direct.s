; desc: LD_IMM64 src 2: a pointer into an array map's value, read
; type: socket_filter
; map: data array 4 16 1
r1 = map_value[data + 8] ll
r0 = *(u64 *)(r1 + 0)
exit
