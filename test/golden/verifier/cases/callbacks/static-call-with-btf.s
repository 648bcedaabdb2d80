; desc: a bpf-to-bpf call with func_info: the same verdict as without
; type: socket_filter
; func_info: yes
r1 = 3
call sub
exit
sub:
r0 = r1
exit
