; desc: two checks make a closed range [5,10]
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
if r2 < 5 goto +3
if r2 > 10 goto +2
r0 = r2
exit
r0 = 0
exit
