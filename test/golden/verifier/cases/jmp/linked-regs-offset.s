; desc: r3 = r2 + 16 stays linked (id=N+16)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
r3 = r2
r3 += 16
if r2 > 10 goto +2
r0 = r3
exit
r0 = 0
exit
