; desc: a subprogram that runs into the next one instead of ending in exit
; type: socket_filter
call f
call g
exit
f:
r0 = 1
g:
r0 = 2
exit
