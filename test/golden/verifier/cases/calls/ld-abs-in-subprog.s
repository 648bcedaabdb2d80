; desc: LD_ABS mixed with bpf-to-bpf calls
; type: socket_filter
r6 = r1
call sub
exit
sub:
r0 = *(u8 *)skb[0]
exit
