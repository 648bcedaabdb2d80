; desc: a local call to the middle of an LD_IMM64
; type: socket_filter
call pc+2
exit
r0 = 0x100000000 ll
exit
