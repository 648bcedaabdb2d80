; desc: opcode 0xff does not exist
; type: socket_filter
r0 = 0
.insn 0xff, 0, 0, 0, 0
exit
