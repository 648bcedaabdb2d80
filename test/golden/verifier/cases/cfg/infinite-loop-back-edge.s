; desc: a back-edge whose state never changes: infinite loop detected
; type: socket_filter
r0 = 0
loop:
r1 = 1
if r0 == 0 goto loop
exit
