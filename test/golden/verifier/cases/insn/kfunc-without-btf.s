; desc: a kfunc call (src 2) with no kernel BTF id
; type: socket_filter
.insn 0x85, 0, 2, 0, 1234
r0 = 0
exit
