; desc: a diamond long enough for checkpoints
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r1 = 0
if r0 > 10 goto +2
r1 = 1
goto +1
r1 = 2
r2 = 1
r2 += 1
r2 += 1
r2 += 1
r2 += 1
r2 += 1
r2 += 1
r2 += 1
r2 += 1
r0 = 0
exit
