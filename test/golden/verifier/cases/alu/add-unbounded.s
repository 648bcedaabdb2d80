; desc: add to a fully unknown 64-bit scalar
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
r2 += 1
r0 = 0
exit
