; desc: goto +0 is a no-op jump
; type: socket_filter
r0 = 0
goto +0
exit
