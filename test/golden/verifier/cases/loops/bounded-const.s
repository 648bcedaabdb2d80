; desc: a loop of 10 iterations with a constant counter
; type: socket_filter
r1 = 0
loop:
r1 += 1
if r1 < 10 goto loop
r0 = 0
exit
