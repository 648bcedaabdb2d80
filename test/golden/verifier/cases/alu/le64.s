; desc: le64 is a no-op
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = le64 r2
r0 = 0
exit
