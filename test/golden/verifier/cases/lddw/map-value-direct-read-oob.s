; desc: reading past the end of a direct map value pointer
; type: socket_filter
; map: data array 4 16 1
r1 = map_value[data + 8] ll
r0 = *(u64 *)(r1 + 8)
exit
