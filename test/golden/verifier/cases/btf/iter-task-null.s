; desc: iter/task: ctx->task is a trusted task_struct that may be NULL; a load before the NULL check is refused
; type: tracing
; attach_btf: func bpf_iter_task
; attach_type: 28
r2 = *(u64 *)(r1 + 8)
r0 = *(u32 *)(r2 + 1264)
r0 = 0
exit
