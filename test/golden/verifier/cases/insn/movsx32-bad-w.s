; desc: w = (s32)w does not exist (off 32 on a 32-bit move)
; type: socket_filter
r1 = 1
.insn 0xbc, 0, 1, 32, 0
exit
