; desc: a loop bounded by a masked value
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 7
r1 = 0
loop:
r1 += 1
if r1 < r2 goto loop
r0 = 0
exit
