; desc: LD_ABS of size 8 does not exist
; type: socket_filter
r6 = r1
.insn 0x38, 0, 0, 0, 0
exit
