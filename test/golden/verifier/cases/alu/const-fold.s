; desc: constant arithmetic folds to a constant
; type: socket_filter
r2 = 5
r2 *= 7
r2 -= 40
r2 <<= 20
r2 s>>= 18
r0 = 0
exit
