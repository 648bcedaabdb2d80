; desc: LD_ABS inside the locked region
; type: sched_cls
; map: lk array 4 8 1 spin_lock
r6 = r1
*(u32 *)(r10 - 4) = 0
r2 = r10
r2 += -4
r1 = map[lk] ll
call bpf_map_lookup_elem
r7 = r0
r1 = r7
call bpf_spin_lock
r0 = *(u8 *)skb[12]
r1 = r7
call bpf_spin_unlock
r0 = 0
exit
