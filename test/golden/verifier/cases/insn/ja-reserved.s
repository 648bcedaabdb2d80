; desc: goto with a nonzero immediate
; type: socket_filter
r0 = 0
.insn 0x05, 0, 0, 0, 1
exit
