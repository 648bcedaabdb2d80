; desc: socket filter reads __sk_buff.priority
; type: socket_filter
r0 = *(u32 *)(r1 + 32)
exit
