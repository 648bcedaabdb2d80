; desc: 32-bit division of an unknown 64-bit value
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
w2 /= 16
r0 = 0
exit
