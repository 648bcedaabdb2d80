; desc: JCOND (0xe5) with dst 1: not a valid may_goto
; type: socket_filter
r0 = 0
.insn 0xe5, 1, 0, 0, 0
exit
