; desc: movsx with offset 7 (only 8, 16, 32 exist)
; type: socket_filter
r1 = 1
.insn 0xbf, 0, 1, 7, 0
exit
