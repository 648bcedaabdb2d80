; desc: le16 truncates to 16 bits
; type: socket_filter
r2 = *(u32 *)(r1 + 0)
r2 = le16 r2
r0 = 0
exit
