; desc: byte swap to big-endian 64
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 = be64 r2
r0 = 0
exit
