; desc: 32-bit arithmetic shift
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
w2 s>>= 20
r0 = 0
exit
