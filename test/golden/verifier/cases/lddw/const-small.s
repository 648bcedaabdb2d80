; desc: LD_IMM64 of a small constant
; type: socket_filter
r0 = 5 ll
exit
