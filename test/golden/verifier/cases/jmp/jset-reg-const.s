; desc: & against a register holding a constant
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
r3 = 4
if r2 & r3 goto +2
r0 = 0
exit
r0 = 1
exit
