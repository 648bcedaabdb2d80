; desc: and then or: known and unknown bits
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 &= 0xff
r2 &= 0xf0
r2 |= 3
r0 = 0
exit
