; desc: > on a u32 load
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
if r2 > 10 goto +2
r0 = 0
exit
r0 = 1
exit
