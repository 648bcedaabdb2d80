; desc: a helper id that does not exist
; type: socket_filter
call 10000
r0 = 0
exit
