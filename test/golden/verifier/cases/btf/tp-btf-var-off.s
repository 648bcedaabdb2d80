; desc: tp_btf: a BTF pointer plus an unknown offset cannot be dereferenced
; type: tracing
; attach_btf: typedef btf_trace_kfree_skb
; attach_type: 23
r6 = *(u64 *)(r1 + 0)
r2 = *(u32 *)(r6 + 112)
r2 &= 7
r6 += r2
r0 = *(u8 *)(r6 + 0)
exit
