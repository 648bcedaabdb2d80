; desc: bpf_spin_lock on a map without BTF
; type: sched_cls
; map: m array 4 8 1
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[m] ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r6 = r0
r1 = r6
call bpf_spin_lock
r1 = r6
call bpf_spin_unlock
out:
r0 = 0
exit
