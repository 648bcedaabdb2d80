; desc: a misaligned map value load with BPF_F_STRICT_ALIGNMENT
; type: socket_filter
; prog_flags: 1
; map: m hash 8 8 16
*(u64 *)(r10 - 8) = 0
r2 = r10
r2 += -8
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto +1
r0 = *(u32 *)(r0 + 2)
exit
