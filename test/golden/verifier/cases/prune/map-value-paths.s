; desc: two paths with different map value offsets
; type: socket_filter
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u32 *)(r0 + 0)
if r1 > 3 goto +1
r0 += 4
r0 = *(u32 *)(r0 + 0)
exit
out:
r0 = 0
exit
