; desc: atomic fetch-add on a map value
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +3
r1 = 1
r1 = atomic_fetch_add((u64 *)(r0 + 0), r1)
r0 = r1
exit
