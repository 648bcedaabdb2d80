; desc: narrow 2-byte read of the upper half of __sk_buff.len
; type: socket_filter
r0 = *(u16 *)(r1 + 2)
exit
