; desc: the value buffer is 4 bytes short of the frame top
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r3 = r10
r3 += -4
r4 = 0
r1 = map[m] ll
call bpf_map_update_elem
r0 = 0
exit
