; desc: a static subprogram takes the lock, the main program releases it (allowed since 6.12)
; type: sched_cls
; map: lk hash 4 8 4 spin_lock
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[lk] ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r6 = r0
r1 = r6
call take
r1 = r6
call bpf_spin_unlock
out:
r0 = 0
exit
take:
call bpf_spin_lock
r0 = 0
exit
