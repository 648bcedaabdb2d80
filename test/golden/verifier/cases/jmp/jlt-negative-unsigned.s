; desc: < 0xffffffff (imm -1, sign-extended to 64 bits)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
if r2 < -1 goto +2
r0 = 0
exit
r0 = 1
exit
