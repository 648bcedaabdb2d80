; desc: a bpf_loop callback returning 2 (callbacks must return [0, 1])
; type: socket_filter
; func_info: yes
r1 = 4
ld_pseudo r2, 4, 6
r3 = 0
r4 = 0
call bpf_loop
r0 = 0
exit
cb:
r0 = 2
exit
