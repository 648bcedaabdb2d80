; desc: JMP32 != between registers
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
r3 = *(u32 *)(r6 + 0)
r3 &= 0xf
if w2 != w3 goto +2
r0 = 0
exit
r0 = 1
exit
