; desc: s>= 0 then < 100 gives [0,99]
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
if r2 s< 0 goto +3
if r2 >= 100 goto +2
r0 = r2
exit
r0 = 0
exit
