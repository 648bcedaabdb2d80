; desc: a jump past the last instruction
; type: socket_filter
r0 = 0
if r0 == 0 goto +5
exit
