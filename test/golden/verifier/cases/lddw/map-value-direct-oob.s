; desc: LD_IMM64 src 2 with an offset beyond the value
; type: socket_filter
; map: data array 4 16 1
r1 = map_value[data + 16] ll
r0 = 0
exit
