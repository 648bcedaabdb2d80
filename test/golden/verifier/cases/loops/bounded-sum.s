; desc: a loop summing into r0
; type: socket_filter
r0 = 0
r1 = 0
loop:
r0 += r1
r1 += 1
if r1 < 5 goto loop
exit
