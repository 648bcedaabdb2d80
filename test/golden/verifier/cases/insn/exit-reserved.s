; desc: exit with a nonzero immediate
; type: socket_filter
r0 = 0
.insn 0x95, 0, 0, 0, 1
