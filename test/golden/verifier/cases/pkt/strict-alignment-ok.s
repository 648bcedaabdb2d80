; desc: a packet load at offset 2, aligned once NET_IP_ALIGN (2) is added, with BPF_F_STRICT_ALIGNMENT
; type: xdp
; prog_flags: 1
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 8
if r4 > r3 goto +1
r0 = *(u32 *)(r2 + 2)
r0 = 2
exit
