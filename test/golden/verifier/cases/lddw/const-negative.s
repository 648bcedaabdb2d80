; desc: LD_IMM64 of -1
; type: socket_filter
r0 = -1 ll
exit
