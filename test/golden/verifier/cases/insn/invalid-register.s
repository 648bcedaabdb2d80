; desc: register number 11 in the dst field
; type: socket_filter
.insn 0xb7, 11, 0, 0, 0
r0 = 0
exit
