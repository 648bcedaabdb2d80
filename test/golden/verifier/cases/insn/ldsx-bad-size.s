; desc: a sign-extending 8-byte load does not exist (0x99)
; type: socket_filter
.insn 0x99, 0, 10, -8, 0
exit
