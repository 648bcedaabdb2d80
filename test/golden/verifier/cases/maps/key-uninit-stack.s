; desc: the key points at stack never written (privileged: allowed)
; type: socket_filter
; map: m hash 8 8 16
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
r0 = 0
exit
