; desc: socket filter reads __sk_buff.protocol
; type: socket_filter
r0 = *(u32 *)(r1 + 16)
exit
