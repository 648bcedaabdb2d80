; desc: 8-byte read of __sk_buff.len
; type: socket_filter
r0 = *(u64 *)(r1 + 0)
exit
