; desc: paths that differ only in a stack slot
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
*(u64 *)(r10 - 8) = 0
if r0 > 10 goto +1
*(u64 *)(r10 - 8) = 1
r1 = *(u64 *)(r10 - 8)
r0 = 0
exit
