; desc: the last subprogram falls off the program end
; type: socket_filter
call f
exit
f:
r0 = 1
exit
g:
r0 = 2
