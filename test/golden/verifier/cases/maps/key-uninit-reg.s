; desc: the key register is not initialised
; type: socket_filter
; map: m hash 8 8 16
r1 = map[m] ll
call bpf_map_lookup_elem
r0 = 0
exit
