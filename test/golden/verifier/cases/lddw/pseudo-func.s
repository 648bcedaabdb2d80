; desc: LD_IMM64 src 4 (function pointer) to a subprogram
; type: socket_filter
ld_pseudo r2, 4, 3
r0 = 0
exit
r0 = 0
exit
