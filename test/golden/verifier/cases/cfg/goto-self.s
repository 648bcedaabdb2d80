; desc: goto -1 jumps to itself forever
; type: socket_filter
r0 = 0
goto -1
