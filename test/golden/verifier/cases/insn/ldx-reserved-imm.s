; desc: load with a nonzero immediate
; type: socket_filter
.insn 0x61, 0, 1, 0, 1
exit
