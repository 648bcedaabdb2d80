; desc: an atomic add of size 1
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
.insn 0xd3, 10, 1, -8, 0
r0 = 0
exit
