; desc: bpf_tail_call with a prog array
; type: socket_filter
; map: progs prog_array 4 4 4
r2 = map[progs] ll
r3 = 0
call bpf_tail_call
r0 = 0
exit
