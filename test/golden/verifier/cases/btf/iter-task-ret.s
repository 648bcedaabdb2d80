; desc: iter/task: an iterator program must return 0 or 1
; type: tracing
; attach_btf: func bpf_iter_task
; attach_type: 28
r0 = 2
exit
