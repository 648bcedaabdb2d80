; desc: a bounded index into a 16-byte value
; type: socket_filter
; map: m array 4 16 4
r6 = r1
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +4
r1 = *(u32 *)(r6 + 0)
r1 &= 7
r0 += r1
r0 = *(u64 *)(r0 + 0)
exit
