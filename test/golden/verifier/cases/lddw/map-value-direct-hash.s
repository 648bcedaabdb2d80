; desc: LD_IMM64 src 2 on a hash map
; type: socket_filter
; map: h hash 4 16 1
r1 = map_value[h] ll
r0 = 0
exit
