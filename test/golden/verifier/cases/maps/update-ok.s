; desc: map_update_elem with key and value on the stack
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
*(u64 *)(r10 - 16) = 1
r2 = r10
r2 += -8
r3 = r10
r3 += -16
r4 = 0
r1 = map[m] ll
call bpf_map_update_elem
r0 = 0
exit
