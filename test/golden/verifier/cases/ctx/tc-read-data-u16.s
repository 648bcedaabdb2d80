; desc: a 2-byte read of skb->data
; type: sched_cls
r2 = *(u16 *)(r1 + 76)
r0 = 0
exit
