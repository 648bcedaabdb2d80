; desc: a branch-dependent value used as a stack offset is backtracked precise
; type: socket_filter
r6 = r1
call bpf_get_prandom_u32
r1 = 8
if r0 > 10 goto +1
r1 = 16
r2 = r10
r3 = 0
r3 -= r1
r2 += r3
*(u64 *)(r2 + 0) = 0
r0 = 0
exit
