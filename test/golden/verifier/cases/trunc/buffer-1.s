; desc: a 1-byte log buffer
; type: socket_filter
; truncate: 1
r0 = r5
exit
