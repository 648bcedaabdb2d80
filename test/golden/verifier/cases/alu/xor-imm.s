; desc: xor [0,255] with 0xf
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 ^= 0xf
r0 = 0
exit
