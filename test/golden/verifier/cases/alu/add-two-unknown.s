; desc: adding two fully unknown scalars
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r7 = r0
call bpf_get_prandom_u32
r7 += r0
r0 = 0
exit
