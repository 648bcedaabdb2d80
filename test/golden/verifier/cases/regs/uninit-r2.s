; desc: reading an uninitialised register
; type: socket_filter
r0 = r2
exit
