; desc: lookup in a per-CPU array
; type: socket_filter
; map: m percpu_array 4 16 4
r6 = r1
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +1
r0 = *(u32 *)(r0 + 12)
exit
