; desc: JMP32 <= against a constant on an unknown 64-bit scalar
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
if w2 <= 10 goto +2
r0 = 0
exit
r0 = 1
exit
