; desc: push into a queue map
; type: socket_filter
; map: q queue 0 8 16
*(u64 *)(r10 - 8) = 7
r2 = r10
r2 += -8
r3 = 0
r1 = map[q] ll
call bpf_map_push_elem
r0 = 0
exit
