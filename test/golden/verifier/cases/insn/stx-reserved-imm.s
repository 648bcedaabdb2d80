; desc: store of a register with a nonzero immediate
; type: socket_filter
r0 = 0
.insn 0x7b, 10, 0, -8, 1
exit
