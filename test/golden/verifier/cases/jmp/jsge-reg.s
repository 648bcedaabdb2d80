; desc: s>= between a bounded and an unknown scalar
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
r3 = *(u32 *)(r6 + 0)
r3 &= 0xff
if r2 s>= r3 goto +2
r0 = 0
exit
r0 = 1
exit
