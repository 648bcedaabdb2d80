; desc: store on the wrong branch of a NULL check
; type: socket_filter
; map: m hash 8 8 16
; truncate: 200
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +2
*(u64 *)(r0 + 0) = 1
exit
*(u64 *)(r0 + 0) = 1
r0 = 0
exit
