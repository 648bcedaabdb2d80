; desc: a socket filter may return a pointer when privileged
; type: socket_filter
r0 = r1
exit
