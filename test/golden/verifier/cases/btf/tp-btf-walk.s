; desc: tp_btf/kfree_skb: the skb argument is a trusted sk_buff; len is a scalar, sk a pointer, dev (inside a union) an untrusted pointer; a store through a BTF pointer is refused
; type: tracing
; attach_btf: typedef btf_trace_kfree_skb
; attach_type: 23
r6 = *(u64 *)(r1 + 0)
r2 = *(u32 *)(r6 + 112)
r3 = *(u64 *)(r6 + 24)
r4 = *(u64 *)(r6 + 16)
r5 = *(u32 *)(r4 + 0)
r0 = 0
*(u32 *)(r6 + 112) = r0
exit
