; desc: unlocking another map value's lock than the one held
; type: sched_cls
; map: lk array 4 8 1 spin_lock
; map: lk2 array 4 8 1 spin_lock
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[lk] ll
call bpf_map_lookup_elem
r6 = r0
r2 = r10
r2 += -4
r1 = map[lk2] ll
call bpf_map_lookup_elem
r7 = r0
r1 = r6
call bpf_spin_lock
r1 = r7
call bpf_spin_unlock
r0 = 0
exit
