; desc: comparing an uninitialised register
; type: socket_filter
r0 = 0
if r4 > 3 goto +0
exit
