; desc: ALU64 operation 0xe (0xe7) does not exist
; type: socket_filter
r0 = 0
.insn 0xe7, 0, 0, 0, 1
exit
