; desc: LD_IMM64 with an unknown pseudo source (7)
; type: socket_filter
.insn 0x18, 0, 7, 0, 0
.insn 0x00, 0, 0, 0, 0
exit
