; desc: subtract a register from itself
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
r2 -= r2
r0 = 0
exit
