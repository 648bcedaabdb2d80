; desc: fp-8 via two additions then a store
; type: socket_filter
r2 = r10
r2 += -4
r2 += -4
*(u64 *)(r2 + 0) = 1
r0 = *(u64 *)(r10 - 8)
exit
