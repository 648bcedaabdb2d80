; desc: LD_IMM64 src 4 to a subprogram, with func_info (never called)
; type: socket_filter
; func_info: yes
ld_pseudo r2, 4, 3
r0 = 0
exit
r0 = 0
exit
