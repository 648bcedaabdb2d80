; desc: socket filter reads __sk_buff.hash
; type: socket_filter
r0 = *(u32 *)(r1 + 68)
exit
