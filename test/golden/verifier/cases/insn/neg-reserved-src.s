; desc: neg with a nonzero src field
; type: socket_filter
r0 = 0
.insn 0x87, 0, 1, 0, 0
exit
