; desc: store immediate with a nonzero src register field
; type: socket_filter
r0 = 0
.insn 0x7a, 10, 1, -8, 1
exit
