; desc: the lock pointer has a variable offset
; type: sched_cls
; map: lk array 4 8 1 spin_lock
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[lk] ll
call bpf_map_lookup_elem
r6 = r0
call bpf_get_prandom_u32
r0 &= 4
r1 = r6
r1 += r0
call bpf_spin_lock
r0 = 0
exit
