; desc: sign-extending 32-bit load past a map value
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +1
r0 = *(s32 *)(r0 + 6)
exit
