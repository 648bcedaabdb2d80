; desc: byte swap with width 17
; type: socket_filter
r0 = 0
.insn 0xdc, 0, 0, 0, 17
exit
