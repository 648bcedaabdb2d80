; desc: a bounds check on a copy also bounds the original (same id)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
r3 = r2
if r3 > 10 goto +3
r0 = r2
r0 += 1
exit
r0 = 0
exit
