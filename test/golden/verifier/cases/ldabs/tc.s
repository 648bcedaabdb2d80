; desc: LD_ABS in a tc program
; type: sched_cls
r6 = r1
r0 = *(u32 *)skb[0]
r0 = 0
exit
