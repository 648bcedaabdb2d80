; desc: tp_btf: a load past the end of struct sk_buff
; type: tracing
; attach_btf: typedef btf_trace_kfree_skb
; attach_type: 23
r1 = *(u64 *)(r1 + 0)
r0 = *(u32 *)(r1 + 224)
exit
