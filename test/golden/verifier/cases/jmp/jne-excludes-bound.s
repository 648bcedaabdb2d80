; desc: r2 != 0 on [0,255] raises the minimum to 1
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
if r2 != 0 goto +2
r0 = 0
exit
r0 = r2
exit
