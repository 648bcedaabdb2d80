; desc: a loop writing stack slots through a moving pointer
; type: socket_filter
r2 = r10
r2 += -32
r1 = 0
loop:
*(u64 *)(r2 + 0) = 0
r2 += 8
r1 += 1
if r1 < 4 goto loop
r0 = *(u64 *)(r10 - 8)
exit
