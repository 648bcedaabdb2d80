; desc: r2 == r3 with r3 known makes r2 known
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r3 = 9
if r2 == r3 goto +2
r0 = 0
exit
r0 = r2
exit
