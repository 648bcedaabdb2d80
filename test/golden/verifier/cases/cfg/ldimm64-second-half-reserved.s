; desc: LD_IMM64 whose second slot has a nonzero offset field
; type: socket_filter
.insn 0x18, 0, 0, 0, 1
.insn 0x00, 0, 0, 1, 0
exit
