; desc: bpf_xdp_adjust_head invalidates packet pointers checked before
; type: xdp
r6 = r1
r2 = *(u32 *)(r6 + 0)
r3 = *(u32 *)(r6 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto +5
r7 = r2
r1 = r6
r2 = 4
call bpf_xdp_adjust_head
r0 = *(u8 *)(r7 + 0)
r0 = 2
exit
