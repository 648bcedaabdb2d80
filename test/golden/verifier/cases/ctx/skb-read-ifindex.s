; desc: socket filter reads __sk_buff.ifindex
; type: socket_filter
r0 = *(u32 *)(r1 + 40)
exit
