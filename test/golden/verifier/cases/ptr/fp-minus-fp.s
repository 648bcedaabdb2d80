; desc: subtracting two stack pointers gives a scalar
; type: socket_filter
r2 = r10
r2 += -16
r0 = r10
r0 -= r2
exit
