; desc: adding an uninitialised source register
; type: socket_filter
r0 = 1
r0 += r7
exit
