; desc: subtracting from a map value pointer then reading
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +2
r0 -= 4
r0 = *(u32 *)(r0 + 4)
exit
