; desc: LD_ABS in an XDP program
; type: xdp
r6 = r1
r0 = *(u8 *)skb[0]
exit
