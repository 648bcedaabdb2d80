; desc: tc returns -1
; type: sched_cls
r0 = -1
exit
