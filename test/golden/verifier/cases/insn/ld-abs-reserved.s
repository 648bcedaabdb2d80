; desc: LD_ABS with a nonzero dst field
; type: socket_filter
r6 = r1
.insn 0x30, 1, 0, 0, 0
exit
