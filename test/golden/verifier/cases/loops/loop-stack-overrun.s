; desc: a loop writing one slot past the frame top
; type: socket_filter
r2 = r10
r2 += -32
r1 = 0
loop:
*(u64 *)(r2 + 0) = 0
r2 += 8
r1 += 1
if r1 < 5 goto loop
r0 = 0
exit
