; desc: an unbounded index into a value
; type: socket_filter
; map: m array 4 16 4
r6 = r1
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +3
r1 = *(u32 *)(r6 + 0)
r0 += r1
r0 = *(u8 *)(r0 + 0)
exit
