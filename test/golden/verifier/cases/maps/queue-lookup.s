; desc: map_lookup_elem on a queue map
; type: socket_filter
; map: q queue 0 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[q] ll
call bpf_map_lookup_elem
r0 = 0
exit
