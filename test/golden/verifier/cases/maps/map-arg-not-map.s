; desc: a stack pointer where the map goes
; type: socket_filter
r1 = r10
r2 = r10
r2 += -8
call bpf_map_lookup_elem
r0 = 0
exit
