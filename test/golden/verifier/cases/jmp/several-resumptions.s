; desc: three nested checks: level 1 shows each resumption on the failing path
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
if r2 > 10 goto +2
r0 = 0
exit
if r2 > 20 goto +2
r0 = 0
exit
r0 = *(u8 *)(r2 + 0)
exit
