; desc: load-acquire from the stack (BPF_LOAD_ACQ)
; type: socket_filter
*(u64 *)(r10 - 8) = 0
.insn 0xdb, 0, 10, -8, 0x100
exit
