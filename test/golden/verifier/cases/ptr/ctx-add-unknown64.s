; desc: ctx pointer plus a fully unknown 64-bit scalar (unbounded min value)
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r1 = r6
r1 += r0
r0 = 0
exit
