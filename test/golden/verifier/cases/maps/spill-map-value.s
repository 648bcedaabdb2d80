; desc: spill a map value pointer and write through the fill
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +3
*(u64 *)(r10 - 16) = r0
r1 = *(u64 *)(r10 - 16)
*(u64 *)(r1 + 0) = 1
r0 = 0
exit
