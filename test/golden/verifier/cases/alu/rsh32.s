; desc: 32-bit shift right of an unknown 64-bit value
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
w2 >>= 8
r0 = 0
exit
