; desc: arithmetic on a map pointer
; type: socket_filter
; map: m hash 8 8 16
r1 = map[m] ll
r1 += 8
r0 = 0
exit
