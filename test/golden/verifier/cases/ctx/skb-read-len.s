; desc: socket filter reads __sk_buff.len
; type: socket_filter
r0 = *(u32 *)(r1 + 0)
exit
