; desc: 32-bit compare-and-exchange
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
w0 = 0
w0 = cmpxchg32_32(r10 - 8, w0, w1)
exit
