; desc: the program falls off its end
; type: socket_filter
r0 = 0
r0 += 1
