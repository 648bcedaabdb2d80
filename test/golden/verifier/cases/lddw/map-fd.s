; desc: LD_IMM64 of a map pointer returned as R0
; type: socket_filter
; map: counts array 4 8 4
r1 = map[counts] ll
r0 = 0
exit
