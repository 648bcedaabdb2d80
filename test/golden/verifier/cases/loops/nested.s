; desc: two nested bounded loops
; type: socket_filter
r0 = 0
r1 = 0
outer:
r2 = 0
inner:
r0 += 1
r2 += 1
if r2 < 3 goto inner
r1 += 1
if r1 < 3 goto outer
exit
