; desc: a countdown loop ending on != 0
; type: socket_filter
r1 = 4
loop:
r1 -= 1
if r1 != 0 goto loop
r0 = 0
exit
