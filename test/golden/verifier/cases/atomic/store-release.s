; desc: store-release to the stack (BPF_STORE_REL)
; type: socket_filter
r1 = 1
.insn 0xdb, 10, 1, -8, 0x110
r0 = *(u64 *)(r10 - 8)
exit
