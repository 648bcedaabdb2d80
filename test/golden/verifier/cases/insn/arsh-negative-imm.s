; desc: arithmetic shift by -1
; type: socket_filter
r0 = 1
r0 s>>= -1
exit
