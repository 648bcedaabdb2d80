; desc: read past the end of __sk_buff
; type: socket_filter
r0 = *(u32 *)(r1 + 192)
exit
