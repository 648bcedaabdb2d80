; desc: iter/task: after the NULL check task fields read as scalars, real_parent keeps trust (rcu), meta->seq is trusted
; type: tracing
; attach_btf: func bpf_iter_task
; attach_type: 28
r6 = *(u64 *)(r1 + 0)
r7 = *(u64 *)(r6 + 0)
r2 = *(u64 *)(r1 + 8)
if r2 == 0 goto out
r0 = *(u32 *)(r2 + 1264)
r3 = *(u64 *)(r2 + 1280)
if r3 == 0 goto out
r0 = *(u32 *)(r3 + 1268)
out:
r0 = 0
exit
