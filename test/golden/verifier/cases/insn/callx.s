; desc: callx (0x8d) in a program
; type: socket_filter
r1 = 0
.insn 0x8d, 1, 0, 0, 0
r0 = 0
exit
