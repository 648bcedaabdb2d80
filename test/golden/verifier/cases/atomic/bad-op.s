; desc: an atomic with an unknown operation code
; type: socket_filter
*(u64 *)(r10 - 8) = 0
r1 = 1
.insn 0xdb, 10, 1, -8, 0x99
r0 = 0
exit
