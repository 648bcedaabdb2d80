; desc: the last slot is the first half of an LD_IMM64
; type: socket_filter
r0 = 0
exit
.insn 0x18, 0, 0, 0, 0
