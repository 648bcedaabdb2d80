; desc: narrow 1-byte read of __sk_buff.len
; type: socket_filter
r0 = *(u8 *)(r1 + 0)
exit
