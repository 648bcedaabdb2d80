; desc: [0,255] & 0x100 is never true
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
if r2 & 0x100 goto +2
r0 = 0
exit
r0 = 1
exit
