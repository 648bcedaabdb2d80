; desc: LD_IMM64 src 5 (map index) without fd_array
; type: socket_filter
ld_pseudo r1, 5, 0
r0 = 0
exit
