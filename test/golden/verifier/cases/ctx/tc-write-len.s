; desc: tc may not write skb->len
; type: sched_cls
*(u32 *)(r1 + 0) = 1
r0 = 0
exit
