; desc: JMP32 checks bound only the low 32 bits
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
if w2 > 100 goto +2
r0 = r2
exit
r0 = 0
exit
