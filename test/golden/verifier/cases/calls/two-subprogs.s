; desc: main calls two subprograms in turn
; type: socket_filter
call f
r6 = r0
call g
r0 += r6
exit
f:
r0 = 1
exit
g:
r0 = 2
exit
