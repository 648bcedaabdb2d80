; desc: a log buffer under 128 bytes is refused
; type: socket_filter
; truncate: 64
r0 = 0
exit
