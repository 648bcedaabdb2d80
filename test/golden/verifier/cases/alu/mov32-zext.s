; desc: a 32-bit move zero-extends an unknown 64-bit value
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r2 = r0
w2 = w2
r0 = 0
exit
