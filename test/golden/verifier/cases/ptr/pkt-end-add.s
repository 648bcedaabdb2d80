; desc: arithmetic on pkt_end
; type: xdp
r3 = *(u32 *)(r1 + 4)
r3 += 1
r0 = 0
exit
