; desc: read a map value without a NULL check
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
r0 = *(u64 *)(r0 + 0)
exit
