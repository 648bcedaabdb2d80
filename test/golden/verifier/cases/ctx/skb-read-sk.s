; desc: socket filter reads __sk_buff.sk (sock_common or NULL)
; type: socket_filter
r0 = *(u64 *)(r1 + 168)
r0 = 0
exit
