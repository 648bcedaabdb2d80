; desc: a bpf_loop callback returning its index, an unknown scalar, instead of 0 or 1
; type: socket_filter
; func_info: yes
r1 = 8
ld_pseudo r2, 4, 6
r3 = 0
r4 = 0
call bpf_loop
r0 = 0
exit
cb:
r0 = r1
exit
