; desc: a map value that may be NULL as the key of a lookup
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
r2 = r0
r1 = map[m] ll
call bpf_map_lookup_elem
r0 = 0
exit
