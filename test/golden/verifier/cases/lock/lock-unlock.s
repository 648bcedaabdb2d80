; desc: take and release a spin lock around a write
; type: sched_cls
; map: lk array 4 8 1 spin_lock
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[lk] ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r6 = r0
r1 = r6
call bpf_spin_lock
*(u32 *)(r6 + 4) = 1
r1 = r6
call bpf_spin_unlock
out:
r0 = 0
exit
