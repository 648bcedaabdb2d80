; desc: mov immediate with a nonzero src register field
; type: socket_filter
.insn 0xb7, 0, 1, 0, 0
exit
