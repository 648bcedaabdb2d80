; desc: tp_btf: kfree_skb has four arguments (after the hidden __data); the fifth slot does not exist
; type: tracing
; attach_btf: typedef btf_trace_kfree_skb
; attach_type: 23
r0 = *(u64 *)(r1 + 32)
exit
