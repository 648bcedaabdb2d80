; desc: add immediate with a nonzero offset field
; type: socket_filter
r0 = 0
.insn 0x07, 0, 0, 1, 1
exit
