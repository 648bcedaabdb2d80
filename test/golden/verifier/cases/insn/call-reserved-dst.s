; desc: helper call with a nonzero dst register field
; type: socket_filter
.insn 0x85, 1, 0, 0, 7
exit
