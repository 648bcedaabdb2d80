; desc: LD_IMM64 whose second slot has a nonzero opcode
; type: socket_filter
.insn 0x18, 0, 0, 0, 1
.insn 0xb7, 0, 0, 0, 0
exit
