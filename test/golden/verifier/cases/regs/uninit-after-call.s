; desc: R1-R5 are clobbered by a helper call
; type: socket_filter
call bpf_get_prandom_u32
r0 = r1
exit
