; desc: a jump before the first instruction
; type: socket_filter
r0 = 0
goto -3
exit
