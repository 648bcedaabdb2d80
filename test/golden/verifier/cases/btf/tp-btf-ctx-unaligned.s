; desc: tp_btf: context arguments are u64 slots; a load at offset 4 is refused
; type: tracing
; attach_btf: typedef btf_trace_kfree_skb
; attach_type: 23
r0 = *(u32 *)(r1 + 4)
exit
