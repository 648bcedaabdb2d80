; desc: lock or, and, xor on a stack slot
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
lock *(u64 *)(r10 - 8) |= r1
lock *(u64 *)(r10 - 8) &= r1
lock *(u64 *)(r10 - 8) ^= r1
r0 = 0
exit
