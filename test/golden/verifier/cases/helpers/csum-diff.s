; desc: bpf_csum_diff over two stack buffers in tc
; type: sched_cls
*(u64 *)(r10 - 8) = 0
*(u64 *)(r10 - 16) = 0
r1 = r10
r1 += -8
r2 = 8
r3 = r10
r3 += -16
r4 = 8
r5 = 0
call bpf_csum_diff
r0 = 0
exit
