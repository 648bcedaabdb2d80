; desc: byte swap to big-endian 16
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 = be16 r2
r0 = 0
exit
