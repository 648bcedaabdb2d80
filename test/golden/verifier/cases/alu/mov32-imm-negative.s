; desc: w2 = -1 is 0xffffffff
; type: socket_filter
w2 = -1
r3 = -1
r0 = 0
exit
