; desc: add register with a nonzero immediate
; type: socket_filter
r0 = 0
r1 = 1
.insn 0x0f, 0, 1, 0, 5
exit
