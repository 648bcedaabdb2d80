; desc: conditional jump on an immediate with a nonzero src field
; type: socket_filter
r0 = 0
.insn 0x15, 0, 1, 0, 0
exit
