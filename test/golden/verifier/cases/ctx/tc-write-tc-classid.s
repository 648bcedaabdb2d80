; desc: tc may write tc_classid
; type: sched_cls
*(u32 *)(r1 + 72) = 1
r0 = 0
exit
