; desc: the NULL check of a copy applies to the original (same id)
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
r6 = r0
if r6 == 0 goto +1
r0 = *(u64 *)(r0 + 0)
exit
