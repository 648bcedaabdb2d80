; desc: JMP operation 0xe (0xe5) is may_goto with reserved fields
; type: socket_filter
r0 = 0
.insn 0xe5, 1, 0, 0, 0
exit
