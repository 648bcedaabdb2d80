; desc: bpf_tail_call with a hash map
; type: socket_filter
; map: m hash 8 8 16
r2 = map[m] ll
r3 = 0
call bpf_tail_call
r0 = 0
exit
