; desc: LD_IMM64 map fd that is no map
; type: socket_filter
ld_pseudo r1, 1, 1000
r0 = 0
exit
