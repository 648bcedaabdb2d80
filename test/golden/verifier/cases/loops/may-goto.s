; desc: a loop bounded by may_goto (cpu v4 JCOND)
; type: socket_filter
r0 = 0
loop:
.insn 0xe5, 0, 0, 2, 0
r0 += 1
goto loop
exit
