; desc: LD_IMM64 src 3 (BTF id) without kernel BTF object
; type: socket_filter
ld_pseudo r1, 3, 1
r0 = 0
exit
