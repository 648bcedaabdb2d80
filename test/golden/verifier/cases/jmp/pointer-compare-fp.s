; desc: comparing two stack pointers
; type: socket_filter
r2 = r10
r2 += -8
if r2 > r10 goto +2
r0 = 0
exit
r0 = 1
exit
