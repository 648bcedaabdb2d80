; desc: a loop whose counter never changes
; type: socket_filter
r1 = 0
loop:
r0 = 0
if r1 < 10 goto loop
exit
