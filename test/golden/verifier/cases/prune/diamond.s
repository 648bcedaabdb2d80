; desc: two paths meet again: the second is pruned
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r1 = 0
if r0 > 10 goto +1
r1 = 1
r0 = 0
r2 = 0
r3 = 0
exit
