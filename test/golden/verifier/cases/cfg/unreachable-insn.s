; desc: two exits in a row: the second is unreachable
; type: socket_filter
r0 = 0
exit
exit
